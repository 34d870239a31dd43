// The people and words of the demo history: how fast each approver usually answers, what
// people buy, why they are refused, what incidents and complaints are about. Plain data.

/** median answer time in business hours; people not listed answer in about 5 */
export const ANSWER_HOURS: Readonly<Record<string, number>> = {
  'bob@example.com': 3,
  'carol@example.com': 15,
  'victor@example.com': 11,
  'fiona@example.com': 6,
  'frank@example.com': 2.5,
  'ian@example.com': 5,
  'sara@example.com': 1.5,
  'omar@example.com': 9,
  'tess@example.com': 3.5,
  'lee@example.com': 6,
};

/** [item, category, median amount in EUR] */
export const PURCHASES: ReadonlyArray<readonly [string, string, number]> = [
  ['Laptop', 'hardware', 1400],
  ['27-inch monitor', 'hardware', 350],
  ['Docking station', 'hardware', 220],
  ['Noise-cancelling headset', 'hardware', 280],
  ['Office chairs (6)', 'hardware', 2700],
  ['Design tool licences (annual)', 'software', 900],
  ['CRM seats for the new hires', 'software', 6500],
  ['Cloud credits', 'software', 4200],
  ['Conference tickets', 'travel', 1200],
  ['Flight to a customer visit', 'travel', 800],
  ['Hotel for the trade fair', 'travel', 1500],
  ['Team offsite catering', 'services', 2400],
  ['Training course', 'services', 1800],
  ['Security audit', 'services', 18000],
  ['Data migration consulting', 'services', 26000],
];

export const JUSTIFICATIONS = [
  'The current one is five years old and fails several times a week.',
  'Needed for the new starter who joins next month.',
  'The customer asked for an on-site workshop before renewing.',
  'We agreed this in the quarterly planning; budget is reserved.',
  'Replaces a service we are cancelling at the end of the quarter.',
  'Required by the audit findings from last year.',
  'The team has grown and we are out of seats and licences.',
];

export const REJECTIONS = [
  'Not in this quarter’s budget; raise it again in January.',
  'Please use the framework supplier instead.',
  'We already have spare ones in the storeroom.',
  'Too expensive for what it gives us; find a cheaper option.',
  'Not needed for this role.',
  'Duplicate of an earlier request.',
];

export const SEND_BACKS = [
  'Please add a quote from the supplier.',
  'Which cost centre should this go to?',
  'Can you split this into hardware and services?',
  'Please say until when you need the access.',
];

export const ACCESS_REASONS = [
  'I take over the key accounts from a colleague who left.',
  'Needed for the month-end close.',
  'Investigating a customer escalation.',
  'On call next week and need to read the logs.',
  'Migrating reports to the new system.',
];

export const SERVICES = ['Email', 'VPN', 'CRM', 'ERP', 'Wi-Fi in Berlin office', 'Build servers', 'Payroll', 'Customer portal', 'Printers', 'SSO'];
export const SYMPTOMS = ['is down', 'is very slow', 'rejects logins', 'shows errors on save', 'drops connections', 'sends duplicate notifications'];
export const CUSTOMERS = ['Northwind Traders', 'Contoso Ltd', 'Fabrikam', 'Tailspin Toys', 'Wide World Importers', 'Litware', 'Adventure Works', 'Blue Yonder Airlines', 'Proseware', 'Woodgrove Bank'];
export const COMPLAINTS = ['Delivery arrived damaged', 'Invoice charged twice', 'Support did not call back', 'Wrong items shipped', 'Cancelled subscription still billed', 'Installation was late'];

export const NOTES = [
  'Looked into it; first findings in the thread.',
  'Called the vendor, waiting for their engineer.',
  'Workaround shared with the affected users.',
  'Replied to the customer and asked for photos.',
  'Checked the logs: the cause looks like the last change.',
  'Status update: still working on it, next update in an hour.',
];

export const RESOLUTIONS = [
  'Fixed and verified with the reporter.',
  'Root cause found and rolled back; monitoring.',
  'Refund issued and the customer confirmed.',
  'Replacement shipped; customer satisfied.',
  'Configuration corrected; no further errors.',
  'Explained the charge; customer accepted.',
];

export const REOPENS = ['The problem came back this morning.', 'Customer says the refund did not arrive.', 'Still failing for some users.'];
