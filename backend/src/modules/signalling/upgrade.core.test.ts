import { describe, expect, it } from 'vitest';
import { LIVE_PEER_KEY } from '../../../../shared/live';
import { signallingQuery } from './upgrade.core';

const key = LIVE_PEER_KEY;

describe('signallingQuery', () => {
  it.each([
    ['what the PeerJS client sends', `?key=${key}&id=fw-1&token=fwp_abc&version=1.5.4`, { peerId: 'fw-1', token: 'fwp_abc' }],
    ['without a version', `?key=${key}&id=fw-1&token=fwp_abc`, { peerId: 'fw-1', token: 'fwp_abc' }],
    ['a repeated id (PeerJS would register the last)', `?key=${key}&id=fw-1&token=fwp_abc&id=fw-2`, null],
    ['a repeated token', `?key=${key}&id=fw-1&token=fwp_abc&token=fwp_def`, null],
    ['a repeated key', `?key=${key}&id=fw-1&token=fwp_abc&key=${key}`, null],
    ['a repeated version', `?key=${key}&id=fw-1&token=fwp_abc&version=1&version=2`, null],
    ['another server key', `?key=peerjs&id=fw-1&token=fwp_abc`, null],
    ['no key', `?id=fw-1&token=fwp_abc`, null],
    ['no token', `?key=${key}&id=fw-1`, null],
    ['an empty id', `?key=${key}&id=&token=fwp_abc`, null],
    ['an id with other characters', `?key=${key}&id=fw%201&token=fwp_abc`, null],
    ['a parameter the client never sends', `?key=${key}&id=fw-1&token=fwp_abc&ID=fw-2`, null],
  ])('%s', (_name, search, expected) => expect(signallingQuery(search)).toEqual(expected));
});
