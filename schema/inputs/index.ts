export * from './agenda.js';
export * from './attachment.js';
export * from './attendance.js';
export * from './decision.js';
export * from './meeting.js';
export * from './people.js';
export * from './records.js';
export * from './cycle.js';
