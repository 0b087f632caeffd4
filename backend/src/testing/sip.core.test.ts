import { describe, expect, it } from 'vitest';
import {
  ackFor,
  byeRequest,
  cancelFor,
  cseqOf,
  destinationOf,
  dialogOf,
  formatSipMessage,
  headerOf,
  headersOf,
  inDialog,
  inviteRequest,
  isSipAddress,
  parameterOf,
  parseSipMessage,
  parseSipUri,
  responseTo,
  sdpOffer,
  type SipRequest,
  type SipResponse,
  transactionOf,
  twilioStatusOfRejection,
} from './sip.core';

const local = { host: '127.0.0.1', port: 40123 };
const invite = () =>
  inviteRequest({ target: parseSipUri('sip:agent@127.0.0.1:5070')!, caller: '+14155550000', local, callId: 'c1@127.0.0.1', fromTag: 'ft1', branch: 'z9hG4bKb1', cseq: 1, sdp: sdpOffer('127.0.0.1', 40000, 7) });

/** What SIPp's built-in UAS answers an INVITE with, as it comes over the wire. */
const OK = [
  'SIP/2.0 200 OK',
  'Via: SIP/2.0/UDP 127.0.0.1:40123;branch=z9hG4bKb1;rport',
  'From: "+14155550000" <sip:+14155550000@127.0.0.1:40123>;tag=ft1',
  'To: <sip:agent@127.0.0.1:5070>;tag=2001SIPpTag011',
  'Call-ID: c1@127.0.0.1',
  'CSeq: 1 INVITE',
  'Record-Route: <sip:p1.example.com;lr>, <sip:p2.example.com;lr>',
  'Contact: <sip:127.0.0.1:5070;transport=UDP>',
  'Content-Type: application/sdp',
  'Content-Length: 10',
  '',
  'v=0\r\ns=-\r\nIGNORED',
].join('\r\n');

describe('SIP messages', () => {
  it('reads SIP URIs with their defaults, and tells them from numbers', () => {
    expect(parseSipUri('sip:agent@pbx.example.com')).toEqual({ scheme: 'sip', user: 'agent', host: 'pbx.example.com', port: 5060, transport: 'udp' });
    expect(parseSipUri('SIPS:agent@PBX.example.com')).toEqual({ scheme: 'sips', user: 'agent', host: 'pbx.example.com', port: 5061, transport: 'tls' });
    expect(parseSipUri('sip:+14155550101@10.0.0.1:5070;transport=tcp')).toMatchObject({ user: '+14155550101', port: 5070, transport: 'tcp' });
    for (const bad of ['sip:pbx.example.com', 'tel:+14155550101', '+14155550101', 'sip:a@b:99999', 'sip:a b@c']) expect(parseSipUri(bad), bad).toBeNull();
    expect([isSipAddress('sip:a@b'), isSipAddress(' SIPS:a@b'), isSipAddress('+14155550101')]).toEqual([true, true, false]);
  });

  it('builds an INVITE with its SDP offer, and reads back what it wrote', () => {
    const text = formatSipMessage(invite());
    expect(text.split('\r\n').slice(0, 12)).toEqual([
      'INVITE sip:agent@127.0.0.1:5070 SIP/2.0',
      'Via: SIP/2.0/UDP 127.0.0.1:40123;branch=z9hG4bKb1;rport',
      'Max-Forwards: 70',
      'From: "+14155550000" <sip:+14155550000@127.0.0.1:40123>;tag=ft1',
      'To: <sip:agent@127.0.0.1:5070>',
      'Call-ID: c1@127.0.0.1',
      'CSeq: 1 INVITE',
      'Contact: <sip:+14155550000@127.0.0.1:40123>',
      'Allow: INVITE, ACK, CANCEL, BYE, OPTIONS',
      'User-Agent: Floorwalker Twilio stand-in',
      'Content-Type: application/sdp',
      `Content-Length: ${Buffer.byteLength(sdpOffer('127.0.0.1', 40000, 7))}`,
    ]);
    expect(text).toContain('\r\n\r\nv=0\r\no=- 7 7 IN IP4 127.0.0.1\r\n');
    expect(text).toContain('m=audio 40000 RTP/AVP 0 8 101\r\n');
    expect(formatSipMessage(parseSipMessage(text)!)).toBe(text);
    expect(parseSipMessage(text)).toMatchObject({ kind: 'request', method: 'INVITE', uri: 'sip:agent@127.0.0.1:5070', body: sdpOffer('127.0.0.1', 40000, 7) });
    expect(() => inviteRequest({ ...{ target: parseSipUri('sip:a@b')!, caller: '1', local, callId: 'c', fromTag: 't', cseq: 1, sdp: '' }, branch: 'b1' })).toThrowError(RangeError);
  });

  it('parses a response: compact and folded headers, Via and Record-Route lists, the body cut to Content-Length', () => {
    const ok = parseSipMessage(OK) as SipResponse;
    expect([ok.kind, ok.status, ok.reason, ok.body]).toEqual(['response', 200, 'OK', 'v=0\r\ns=-\r\n']);
    expect(headersOf(ok, 'Record-Route')).toEqual(['<sip:p1.example.com;lr>', '<sip:p2.example.com;lr>']);
    const compact = parseSipMessage('SIP/2.0 180 Ringing\r\nv: SIP/2.0/UDP a;branch=z9hG4bK1, SIP/2.0/UDP b;branch=z9hG4bK2\r\ni: x@y\r\nf: <sip:a@b>;tag=1\r\nt: <sip:c@d>\r\n ;tag=2\r\nCSeq: 4 INVITE\r\nl: 0\r\n\r\n')!;
    expect(headersOf(compact, 'via')).toEqual(['SIP/2.0/UDP a;branch=z9hG4bK1', 'SIP/2.0/UDP b;branch=z9hG4bK2']);
    expect([headerOf(compact, 'Call-ID'), parameterOf(headerOf(compact, 'to')!, 'tag'), cseqOf(compact)]).toEqual(['x@y', '2', { number: 4, method: 'INVITE' }]);
    expect(transactionOf(compact)).toEqual({ branch: 'z9hG4bK1', method: 'INVITE' });
    // A tag inside the URI's angle brackets is the URI's, not the header's.
    expect(parameterOf('<sip:a@b;tag=no>;tag=yes', 'tag')).toBe('yes');
    for (const junk of ['', 'hello', 'SIP/2.0 99 Odd\r\n\r\n', 'INVITE sip:a@b SIP/2.0\r\nno colon here\r\n\r\n']) expect(parseSipMessage(junk), junk).toBeNull();
  });

  it('ACKs a 2xx in the dialog (its Contact, the route set reversed, a new branch) and a rejection in the INVITE’s transaction', () => {
    const ok = parseSipMessage(OK) as SipResponse;
    const ack = ackFor(invite(), ok, 'z9hG4bKack');
    expect([ack.method, ack.uri, headerOf(ack, 'cseq'), headerOf(ack, 'to'), parameterOf(headerOf(ack, 'via')!, 'branch')]).toEqual(['ACK', 'sip:127.0.0.1:5070;transport=UDP', '1 ACK', '<sip:agent@127.0.0.1:5070>;tag=2001SIPpTag011', 'z9hG4bKack']);
    expect(headersOf(ack, 'route')).toEqual(['<sip:p2.example.com;lr>', '<sip:p1.example.com;lr>']);
    expect(destinationOf(ack)).toEqual({ host: 'p2.example.com', port: 5060 });
    const busy: SipResponse = { ...ok, status: 486, reason: 'Busy Here', headers: ok.headers.filter(([n]) => n !== 'record-route' && n !== 'contact') };
    const nak = ackFor(invite(), busy, 'unused');
    expect([nak.uri, headerOf(nak, 'via'), headerOf(nak, 'cseq'), headersOf(nak, 'route')]).toEqual(['sip:agent@127.0.0.1:5070', headerOf(invite(), 'via'), '1 ACK', []]);
  });

  it('cancels on the INVITE’s branch, and ends the dialog with a BYE both ways', () => {
    const cancel = cancelFor(invite());
    expect([cancel.method, cancel.uri, headerOf(cancel, 'via'), headerOf(cancel, 'cseq'), headerOf(cancel, 'to')]).toEqual(['CANCEL', 'sip:agent@127.0.0.1:5070', headerOf(invite(), 'via'), '1 CANCEL', '<sip:agent@127.0.0.1:5070>']);
    expect(transactionOf(cancel)).toEqual({ branch: 'z9hG4bKb1', method: 'CANCEL' });
    const ok = parseSipMessage(OK) as SipResponse;
    const dialog = dialogOf(invite(), ok)!;
    expect(dialog).toMatchObject({ callId: 'c1@127.0.0.1', localTag: 'ft1', remoteTag: '2001SIPpTag011', remoteTarget: 'sip:127.0.0.1:5070;transport=UDP', local });
    const bye = byeRequest(dialog, 'z9hG4bKbye', 2);
    expect([bye.uri, headerOf(bye, 'from'), headerOf(bye, 'to'), headerOf(bye, 'cseq')]).toEqual([dialog.remoteTarget, headerOf(invite(), 'from'), headerOf(ok, 'to'), '2 BYE']);
    // Their BYE: From and To swapped; ours is not theirs.
    const theirs: SipRequest = { kind: 'request', method: 'BYE', uri: 'sip:+14155550000@127.0.0.1:40123', headers: [['via', 'SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bKx'], ['from', headerOf(ok, 'to')!], ['to', headerOf(invite(), 'from')!], ['call-id', 'c1@127.0.0.1'], ['cseq', '1 BYE']], body: '' };
    expect([inDialog(dialog, theirs), inDialog(dialog, bye), inDialog(dialog, { ...theirs, headers: theirs.headers.map(([n, v]): [string, string] => [n, n === 'call-id' ? 'other' : v]) })]).toEqual([true, false, false]);
    const answer = responseTo(theirs, 200, 'OK');
    expect(formatSipMessage(answer)).toBe(`SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bKx\r\nFrom: ${headerOf(ok, 'to')}\r\nTo: ${headerOf(invite(), 'from')}\r\nCall-ID: c1@127.0.0.1\r\nCSeq: 1 BYE\r\nContent-Length: 0\r\n\r\n`);
    expect(headerOf(responseTo(invite(), 486, 'Busy Here', 'tt'), 'to')).toBe('<sip:agent@127.0.0.1:5070>;tag=tt');
    expect(dialogOf(invite(), { ...ok, headers: ok.headers.map(([n, v]): [string, string] => [n, n === 'to' ? '<sip:agent@127.0.0.1:5070>' : v]) })).toBeNull();
  });

  it('tells how the far end turned a call down in Twilio’s words', () => {
    expect([486, 600, 480, 408, 603, 404, 487, 500, 302].map(twilioStatusOfRejection)).toEqual(['busy', 'busy', 'no-answer', 'no-answer', 'failed', 'failed', 'failed', 'failed', 'failed']);
  });
});
