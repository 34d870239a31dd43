// The bot was added somewhere: the moment Teams hands over the conversation reference that later
// proactive posts need. Personally installed → that person's chat; added to a team → its
// channels. Teams sends `conversationUpdate` (membersAdded holds the bot) and, newer clients,
// `installationUpdate` with action "add"; both land here.
import type { TurnContext } from 'botbuilder';
import { type BotDeps, whoSentence } from './bot-deps.ts';
import { HELP_LINES } from './commands.ts';
import { escapeMarkdown } from './markdown.ts';
import { kindOf } from './references.ts';

export async function onInstalled(context: TurnContext, deps: BotDeps): Promise<void> {
  const a = context.activity;
  const botAdded = a.type === 'installationUpdate' ? a.action === 'add' : (a.membersAdded ?? []).some((m) => m.id === a.recipient?.id);
  if (!botAdded) return;
  switch (kindOf(a.conversation)) {
    case 'personal': {
      const who = await deps.people.resolve(context);
      if (!who.ok) {
        await context.sendActivity(escapeMarkdown(whoSentence(who)));
        return;
      }
      await deps.references.rememberPerson(context, who.email);
      deps.log.info('teams: installed for a person', { email: who.email });
      await context.sendActivity({ type: 'message', textFormat: 'markdown', text: escapeMarkdown(['Hello! Approvals and cases will reach you here.', ...HELP_LINES.map((l) => `• ${l}`)].join('\n')) });
      return;
    }
    case 'channel': {
      const channels = await deps.references.rememberTeam(context);
      deps.log.info('teams: installed in a team', { channels });
      return;
    }
    case 'groupChat':
      // Docket posts nothing in group chats on its own, so there is nothing to remember
      return;
  }
}
