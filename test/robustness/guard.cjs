// Preloaded (node --require) into the CLI and the server by test/robustness/safety.test.ts: records every attempt
// to reach the network and every file the process opens, reads or stats, into the file named by LIL_GUARD_LOG.
// Network calls also throw, so a test cannot pass by accident of the closed network.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const log = process.env.LIL_GUARD_LOG;
const write = fs.appendFileSync.bind(fs);
const record = (kind, detail) => write(log, `${kind}\t${detail}\n`);

for (const [mod, names] of [
  ['node:net', ['connect', 'createConnection']],
  ['node:tls', ['connect']],
  ['node:http', ['request', 'get']],
  ['node:https', ['request', 'get']],
  ['node:dns', ['lookup', 'resolve', 'resolve4', 'resolve6']],
  ['node:dgram', ['createSocket']],
]) {
  const m = require(mod);
  for (const name of names) {
    m[name] = (...args) => {
      record('network', `${mod}.${name} ${JSON.stringify(args[0])?.slice(0, 200)}`);
      throw new Error(`network access attempted: ${mod}.${name}`);
    };
  }
}
require('node:net').Socket.prototype.connect = function (...args) {
  record('network', `net.Socket.connect ${JSON.stringify(args[0])?.slice(0, 200)}`);
  throw new Error('network access attempted: net.Socket.connect');
};
globalThis.fetch = async (url) => {
  record('network', `fetch ${String(url)}`);
  throw new Error('network access attempted: fetch');
};

const pathOf = (p) => (typeof p === 'string' ? path.resolve(p) : p instanceof URL ? p.pathname : Buffer.isBuffer(p) ? path.resolve(p.toString()) : undefined);
for (const name of ['openSync', 'readFileSync', 'statSync', 'lstatSync', 'existsSync', 'readdirSync', 'accessSync', 'realpathSync', 'open', 'readFile', 'stat', 'lstat', 'readdir', 'access']) {
  const original = fs[name];
  if (typeof original !== 'function') continue;
  fs[name] = function (p, ...rest) {
    const abs = pathOf(p);
    if (abs && abs !== log) record('file', abs);
    return original.call(this, p, ...rest);
  };
}
for (const name of ['readFile', 'open', 'stat', 'readdir', 'access']) {
  const original = fs.promises[name];
  fs.promises[name] = function (p, ...rest) {
    const abs = pathOf(p);
    if (abs && abs !== log) record('file', abs);
    return original.call(this, p, ...rest);
  };
}
