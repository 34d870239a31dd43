// What people type to the bot, read into commands; the mention of the bot taken out first.
import { describe, expect, it } from 'vitest';
import { cleanText, parseCommand, subjectOf } from '../../adapters/teams/commands.ts';

describe('cleanText', () => {
  it('drops the bot mention, keeps other mentions as @Name, and tidies Teams spacing', () => {
    expect(cleanText('<at>OpsBot</at> request vpn&nbsp;Need VPN', ['<at>OpsBot</at>'])).toBe('request vpn Need VPN');
    expect(cleanText('<at>Docket</at> case assign <at>Ann Smith</at>', ['<at>Docket</at>'])).toBe('case assign @Ann Smith');
    expect(cleanText('  help \u00a0 ')).toBe('help');
  });
});

describe('parseCommand', () => {
  it.each([
    ['', { type: 'help' }],
    ['help', { type: 'help' }],
    ['HELP', { type: 'help' }],
    ['request', { type: 'request' }],
    ['request purchase', { type: 'request', flow: 'purchase' }],
    ['request  time   off', { type: 'request', flow: 'time off' }],
    ['case open Printer on fire', { type: 'case.open', rest: 'Printer on fire' }],
    ['case open', { type: 'case.usage', problem: 'Give the case a title: case open <title>.' }],
    ['case C-3 take', { type: 'case', case: 'C-3', sub: { type: 'take' } }],
    ['case c-3 assign sara@example.com', { type: 'case', case: 'C-3', sub: { type: 'assign', to: 'sara@example.com' } }],
    ['case status waiting on vendor', { type: 'case', sub: { type: 'status', status: 'waiting on vendor' } }],
    ['case priority p1', { type: 'case', sub: { type: 'priority', priority: 'p1' } }],
    ['case task add Call the vendor', { type: 'case', sub: { type: 'task_add', title: 'Call the vendor' } }],
    ['case task done t2', { type: 'case', sub: { type: 'task_done', task: 'T2' } }],
    ['case task assign t2 omar@example.com', { type: 'case', sub: { type: 'task_assign', task: 'T2', to: 'omar@example.com' } }],
    ['case link R-12', { type: 'case', sub: { type: 'link', kind: 'related', target: 'request:R-12' } }],
    ['case C-1 link duplicate-of c-4', { type: 'case', case: 'C-1', sub: { type: 'link', kind: 'duplicate_of', target: 'case:C-4' } }],
    ['case resolve Replaced the fuser', { type: 'case', sub: { type: 'resolve', resolution: 'Replaced the fuser' } }],
    ['case reopen', { type: 'case', sub: { type: 'reopen' } }],
    ['case note called them back', { type: 'case', sub: { type: 'note', text: 'called them back' } }],
    ['status', { type: 'unknown', text: 'status' }],
    ['approve everything', { type: 'unknown', text: 'approve everything' }],
  ])('%j', (text, command) => {
    expect(parseCommand(text)).toEqual(command);
  });

  it.each([
    ['case assign', 'Say who: case assign <email>.'],
    ['case task', 'Tasks: case task add <title> · done <T1> · reopen <T1> · assign <T1> <email> · due <T1> <YYYY-MM-DD>.'],
    ['case link somewhere', 'Link to a request or case: case link [related|parent|child|duplicate_of] <R-12 or C-3>.'],
    ['case dance', '"dance" is not a case command.'],
    ['case', 'Say what to do with the case.'],
  ])('explains what is missing in %j', (text, problem) => {
    expect(parseCommand(text)).toEqual({ type: 'case.usage', problem });
  });

  it('reads ids as subjects', () => {
    expect(subjectOf('r-9')).toBe('request:R-9');
    expect(subjectOf('C-10')).toBe('case:C-10');
    expect(subjectOf('X-1')).toBeUndefined();
  });
});
