/** The part of peerjs 1.5.5 the link uses (the fake in testing/fake-peer.ts implements the same). */

export type Handler = (...args: never[]) => void;
interface Emitter {
  on(event: string, listener: Handler): unknown;
  off?(event: string, listener?: Handler): unknown;
}
export interface DataChannelLike {
  readonly bufferedAmount: number;
  bufferedAmountLowThreshold: number;
  addEventListener(type: 'bufferedamountlow', listener: () => void): void;
  removeEventListener(type: 'bufferedamountlow', listener: () => void): void;
}
export interface PeerConnectionLike {
  readonly iceConnectionState: string;
}
export interface DataConnectionLike extends Emitter {
  readonly peer: string;
  readonly open: boolean;
  /** peerjs's own queue (messages it holds back while the channel's buffer is over 8 MB). */
  readonly bufferSize?: number;
  readonly dataChannel: DataChannelLike | null;
  readonly peerConnection: PeerConnectionLike | null;
  send(data: string): void | Promise<void>;
  close(): void;
}
export interface MediaConnectionLike extends Emitter {
  readonly peer: string;
  readonly peerConnection: PeerConnectionLike | null;
  answer(stream: MediaStream): void;
  close(): void;
}
export interface PeerLike extends Emitter {
  readonly disconnected: boolean;
  readonly destroyed: boolean;
  connect(peer: string, options: { serialization: 'raw'; reliable: true }): DataConnectionLike | undefined;
  call(peer: string, stream: MediaStream): MediaConnectionLike | undefined;
  reconnect(): void;
  destroy(): void;
}
export interface PeerOptionsLike {
  host: string;
  port: number;
  path: string;
  secure: boolean;
  key: string;
  token: string;
  config: RTCConfiguration;
  debug: 0;
}
export type PeerConstructor = new (id: string, options: PeerOptionsLike) => PeerLike;
