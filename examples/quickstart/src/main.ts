export {};

// `npm run start:quickstart` at the repository root runs this: the README's first message, end to end, in this process.
await import('./first-message.js');
console.log('\nThat was one message through the in-memory transport. Next: docs/getting-started.md');
