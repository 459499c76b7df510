/** Word lists the seed combines into company names, people, places and products. */

export const COMPANY_PREFIXES = [
  'Acme', 'Globex', 'Initech', 'Umbrella', 'Stark', 'Wayne', 'Wonka', 'Tyrell', 'Cyberdyne', 'Soylent',
  'Hooli', 'Vandelay', 'Pied Piper', 'Dunder', 'Aperture', 'Black Mesa', 'Oscorp', 'Gringotts', 'Monarch', 'Nakatomi',
  'Northwind', 'Contoso', 'Fabrikam', 'Tailspin', 'Litware', 'Adventure', 'Blue Yonder', 'Proseware', 'Lucerne', 'Woodgrove',
  'Alpine', 'Summit', 'Redwood', 'Granite', 'Silver Lake', 'Harbor', 'Evergreen', 'Ironclad', 'Keystone', 'Meridian',
  'Orbit', 'Pioneer', 'Quantum', 'Riverbend', 'Sterling', 'Trident', 'Vertex', 'Zenith', 'Atlas', 'Beacon',
];

export const COMPANY_CORES = [
  'Analytics', 'Logistics', 'Robotics', 'Foods', 'Energy', 'Media', 'Health', 'Software', 'Systems', 'Dynamics',
  'Manufacturing', 'Consulting', 'Networks', 'Labs', 'Solutions', 'Holdings', 'Partners', 'Industries', 'Ventures', 'Capital',
  'Pharma', 'Textiles', 'Aerospace', 'Motors', 'Retail', 'Studios', 'Security', 'Telecom', 'Biotech', 'Marine',
  'Freight', 'Devices', 'Materials', 'Outfitters', 'Brewing', 'Design', 'Education', 'Insurance', 'Realty', 'Travel',
];

export const COMPANY_KINDS = ['Inc.', 'LLC', 'Ltd.', 'GmbH', 'S.A.', 'K.K.', 'Corp.', 'Co.', 'Group', 'PLC'];

export const FIRST_NAMES = [
  'Ada', 'Grace', 'Alan', 'Linus', 'Margaret', 'Dennis', 'Barbara', 'Ken', 'Frances', 'Edsger',
  'Hedy', 'Tim', 'Radia', 'John', 'Katherine', 'Donald', 'Shafi', 'Leslie', 'Sophie', 'Yukihiro',
  'Fatima', 'Omar', 'Hiro', 'Aiko', 'Lena', 'Marco', 'Priya', 'Chen', 'Noura', 'Diego',
];

export const LAST_NAMES = [
  'Lovelace', 'Hopper', 'Turing', 'Torvalds', 'Hamilton', 'Ritchie', 'Liskov', 'Thompson', 'Allen', 'Dijkstra',
  'Lamarr', 'Berners-Lee', 'Perlman', 'McCarthy', 'Johnson', 'Knuth', 'Goldwasser', 'Lamport', 'Wilson', 'Matsumoto',
  'Al-Sabah', 'Haddad', 'Tanaka', 'Suzuki', 'Schmidt', 'Rossi', 'Patel', 'Wang', 'Al-Mutairi', 'Garcia',
];

export const STREETS = ['Main St', 'Market St', 'Oak Ave', 'Elm St', 'Park Blvd', 'Harbor Rd', 'Industrial Way', 'Commerce Dr', 'River Rd', 'Hill St'];

/** City|State|Country|calling code, by the customer's currency. */
export const PLACES: Record<'USD' | 'EUR' | 'JPY' | 'KWD', string[]> = {
  USD: ['Springfield|IL|US|+1', 'Austin|TX|US|+1', 'Seattle|WA|US|+1', 'Boston|MA|US|+1', 'Denver|CO|US|+1', 'Atlanta|GA|US|+1', 'Portland|OR|US|+1', 'Chicago|IL|US|+1'],
  EUR: ['Berlin|BE|DE|+49', 'Munich|BY|DE|+49', 'Paris|IDF|FR|+33', 'Lyon|ARA|FR|+33', 'Amsterdam|NH|NL|+31', 'Madrid|MD|ES|+34', 'Dublin|D|IE|+353', 'Milan|MI|IT|+39'],
  JPY: ['Tokyo|13|JP|+81', 'Osaka|27|JP|+81', 'Yokohama|14|JP|+81', 'Kyoto|26|JP|+81'],
  KWD: ['Kuwait City|KU|KW|+965', 'Hawalli|HA|KW|+965', 'Salmiya|HA|KW|+965'],
};

export const PRODUCTS = [
  'Platform subscription (monthly)', 'Platform subscription (annual)', 'Premium support', 'Implementation services',
  'Training session', 'Additional user seats', 'API usage overage', 'Data storage (per TB)', 'Consulting hours',
  'Hardware appliance', 'Onboarding package', 'SMS credits', 'Professional services', 'Maintenance renewal',
  'Analytics add-on', 'Priority SLA',
];

export const PAYMENT_TERMS = ['Net30', 'Net30', 'Net30', 'Net15', 'Net45', 'Net60', 'DueOnReceipt'];
export const PAYMENT_TERM_DAYS = [30, 30, 30, 15, 45, 60, 0];

export const SALES_REPS = [
  { repNumber: 'SR-001', firstName: 'Dana', lastName: 'Scully' },
  { repNumber: 'SR-002', firstName: 'Fox', lastName: 'Mulder' },
  { repNumber: 'SR-003', firstName: 'Leslie', lastName: 'Knope' },
  { repNumber: 'SR-004', firstName: 'Ron', lastName: 'Swanson' },
  { repNumber: 'SR-005', firstName: 'Peggy', lastName: 'Olson' },
  { repNumber: 'SR-006', firstName: 'Don', lastName: 'Draper' },
];

export const NOTES = [
  'Thank you for your business.', 'Please reference the invoice number with your payment.',
  'Quarterly billing per master agreement.', 'Includes prorated charges for added seats.',
  'Payment by wire preferred.', 'Contact accounts receivable with any questions.',
];

export const PAYMENT_METHODS = ['EFT', 'CHECK', 'WIRE', 'CASH', 'CARD', 'EFT', 'WIRE', 'CARD'];
export const CARD_BRANDS = ['Visa', 'Mastercard', 'Amex', 'Discover'];
export const REGIONS = ['NA', 'EMEA', 'APAC', 'LATAM'];

/** Invoice comments as accounts receivable and sales write them. */
export const INVOICE_COMMENTS = [
  'Sent a copy to the customer\'s accounts payable team.', 'Customer confirmed receipt of the invoice.',
  'PO number requested by the customer; waiting for it.', 'Payment promised by the end of the week.',
  'Customer asked for a breakdown of the line items.', 'Reminder sent: invoice due soon.',
  'Customer disputes the shipping charge; checking with logistics.', 'Dispute resolved, no change to the amount.',
  'Billing contact changed; invoice re-sent to the new address.', 'Customer pays by wire; remittance advice expected.',
  'Partial payment received, balance to follow next month.', 'Escalated to the account manager.',
  'Customer requested net 60 terms for the next renewal.', 'Credit check passed.',
];

export const COMMENT_AUTHORS = ['Accounts Receivable', 'Billing Team', 'Collections', 'Sales Operations'];
