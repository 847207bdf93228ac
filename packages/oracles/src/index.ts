// Independent implementations that the reference and the vectors are checked against. None of them
// imports @conform/reference: a node:crypto oracle written straight from the spec formulas, and
// adapters over third-party libraries (GramJS, mtcute, Telethon).
export * from './node-crypto-oracle.js';
export * from './gramjs.js';
export * from './mtcute.js';
export * from './telethon.js';
