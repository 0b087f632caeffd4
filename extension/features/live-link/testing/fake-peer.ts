import type {
  DataChannelLike,
  DataConnectionLike,
  MediaConnectionLike,
  PeerConnectionLike,
  PeerConstructor,
  PeerLike,
  PeerOptionsLike,
} from '../peer';

/**
 * An in-memory stand-in for peerjs and its signalling server, for the link's tests: Peers
 * register by id, `connect` and `call` reach the Peer with the other id, and every delivery
 * goes through a timer (use vi.useFakeTimers()). A test can refuse tokens, cut a connection
 * without any close event, hold back the data channel's buffer and fire peer errors.
 */

type Listener = (...args: never[]) => void;

class Emitter {
  private readonly listeners = new Map<string, Set<Listener>>();
  on(event: string, listener: Listener) {
    (this.listeners.get(event) ?? this.listeners.set(event, new Set()).get(event)!).add(listener);
    return this;
  }
  off(event: string, listener?: Listener) {
    if (listener) this.listeners.get(event)?.delete(listener);
    else this.listeners.delete(event);
    return this;
  }
  emit(event: string, ...args: unknown[]) {
    for (const listener of [...(this.listeners.get(event) ?? [])]) (listener as (...a: unknown[]) => void)(...args);
  }
  listenerCount(event: string) {
    return this.listeners.get(event)?.size ?? 0;
  }
}

const later = (fn: () => void, ms = 0) => setTimeout(fn, ms);

export class FakePeerConnection implements PeerConnectionLike {
  iceConnectionState = 'connected';
  /** Audio bytes getStats reports (a test moves them). */
  audio = { bytesReceived: 0, bytesSent: 0 };
  constructor(private readonly withAudio: boolean) {}
  async getStats() {
    const reports = this.withAudio
      ? [
          { type: 'inbound-rtp', kind: 'audio', bytesReceived: this.audio.bytesReceived },
          { type: 'outbound-rtp', kind: 'audio', bytesSent: this.audio.bytesSent },
        ]
      : [{ type: 'transport' }];
    return new Map(reports.map((r, i) => [String(i), r]));
  }
}

export class FakeDataChannel implements DataChannelLike {
  bufferedAmount = 0;
  bufferedAmountLowThreshold = 0;
  private readonly low = new Set<() => void>();
  addEventListener(_type: 'bufferedamountlow', listener: () => void) {
    this.low.add(listener);
  }
  removeEventListener(_type: 'bufferedamountlow', listener: () => void) {
    this.low.delete(listener);
  }
  /** Empties the buffer and fires `bufferedamountlow`, as the browser does when it drained. */
  drained() {
    this.bufferedAmount = 0;
    for (const listener of [...this.low]) listener();
  }
}

export class FakeDataConnection extends Emitter implements DataConnectionLike {
  open = false;
  closed = false;
  bufferSize = 0;
  dataChannel: FakeDataChannel | null = new FakeDataChannel();
  peerConnection = new FakePeerConnection(false);
  other!: FakeDataConnection;
  /** Everything `send` was given, in order. */
  readonly sent: string[] = [];
  /** When set, the channel's buffer grows by each frame's length instead of delivering (backpressure tests). */
  holdBuffer = false;
  private held: string[] = [];
  constructor(
    readonly peer: string,
    private readonly network: FakeNetwork,
  ) {
    super();
  }
  send(data: string) {
    if (!this.open) throw new Error('Connection is not open.');
    this.sent.push(data);
    if (this.holdBuffer) {
      this.held.push(data);
      this.dataChannel!.bufferedAmount += data.length;
      return;
    }
    this.deliver(data);
  }
  /** Lets the held frames go and fires `bufferedamountlow`. */
  release() {
    this.holdBuffer = false;
    const held = this.held;
    this.held = [];
    for (const data of held) this.deliver(data);
    this.dataChannel!.drained();
  }
  private deliver(data: string) {
    if (this.network.cut.has(this) || this.network.dropData) return;
    const to = this.other;
    later(() => {
      if (to.open && !this.network.cut.has(this)) to.emit('data', data);
    });
  }
  close() {
    if (this.closed) return;
    this.closed = true;
    const wasOpen = this.open;
    this.open = false;
    if (wasOpen) this.emit('close');
    if (!this.network.cut.has(this)) later(() => this.other.remoteClosed());
  }
  private remoteClosed() {
    if (this.closed) return;
    this.closed = true;
    const wasOpen = this.open;
    this.open = false;
    if (wasOpen) this.emit('close');
  }
  /** Opens both ends (the network does it after a connect, unless it holds connections back). */
  openBoth() {
    for (const end of [this, this.other]) {
      if (end.closed || end.open) continue;
      end.open = true;
      end.emit('open');
    }
  }
}

export class FakeMediaConnection extends Emitter implements MediaConnectionLike {
  other!: FakeMediaConnection;
  open = false;
  closed = false;
  localStream: MediaStream | null = null;
  peerConnection = new FakePeerConnection(true);
  constructor(readonly peer: string) {
    super();
  }
  answer(stream: MediaStream) {
    this.localStream = stream;
    later(() => {
      if (this.closed || this.other.closed) return;
      this.open = this.other.open = true;
      this.emit('stream', this.other.localStream);
      this.other.emit('stream', stream);
    });
  }
  close() {
    if (this.closed) return;
    this.closed = true;
    this.open = false;
    this.emit('close');
    later(() => this.other.close());
  }
}

export class FakePeer extends Emitter implements PeerLike {
  disconnected = true;
  destroyed = false;
  readonly connections: FakeDataConnection[] = [];
  readonly calls: FakeMediaConnection[] = [];
  constructor(
    readonly id: string,
    readonly options: PeerOptionsLike,
    private readonly network: FakeNetwork,
  ) {
    super();
    network.created.push(this);
    later(() => network.register(this));
  }
  /** Called by the network when the signalling server took it. */
  registered() {
    this.disconnected = false;
    this.emit('open', this.id);
  }
  fail(type: string, message = type) {
    this.emit('error', Object.assign(new Error(message), { type }));
  }
  connect(remote: string): FakeDataConnection | undefined {
    if (this.disconnected || this.destroyed) {
      this.fail('disconnected');
      return undefined;
    }
    const local = new FakeDataConnection(remote, this.network);
    const far = new FakeDataConnection(this.id, this.network);
    local.other = far;
    far.other = local;
    this.connections.push(local);
    later(() => {
      const target = this.network.peer(remote);
      if (!target || target.disconnected || target.destroyed) {
        this.fail('peer-unavailable', `Could not connect to peer ${remote}`);
        return;
      }
      target.connections.push(far);
      target.emit('connection', far);
      if (!this.network.holdOpen) later(() => local.openBoth());
    });
    return local;
  }
  call(remote: string, stream: MediaStream): FakeMediaConnection | undefined {
    if (this.destroyed) return undefined;
    const local = new FakeMediaConnection(remote);
    const far = new FakeMediaConnection(this.id);
    local.other = far;
    far.other = local;
    local.localStream = stream;
    this.calls.push(local);
    later(() => {
      const target = this.network.peer(remote);
      if (!target || target.destroyed) return;
      target.calls.push(far);
      target.emit('call', far);
    });
    return local;
  }
  reconnect() {
    if (this.destroyed || !this.disconnected) return;
    this.network.reconnects += 1;
    later(() => this.network.register(this));
  }
  /** The signalling socket dropped (data connections stay up). */
  loseSignalling() {
    this.disconnected = true;
    this.emit('disconnected', this.id);
  }
  destroy() {
    if (this.destroyed) return;
    this.destroyed = true;
    this.disconnected = true;
    for (const c of this.connections) c.close();
    for (const c of this.calls) c.close();
    this.network.unregister(this);
    this.emit('close');
  }
}

/** The fake signalling server and the wires between the fakes. */
export class FakeNetwork {
  readonly created: FakePeer[] = [];
  private readonly registered = new Map<string, FakePeer>();
  /** Data connections that deliver nothing and close nothing any more (a vanished peer). */
  readonly cut = new Set<FakeDataConnection>();
  /** Drop every data frame in flight, both ways. */
  dropData = false;
  /** Connections reach the other side but never open (until `openBoth`). */
  holdOpen = false;
  /** Tokens the server refuses (a forged or expired one). */
  readonly refusedTokens = new Set<string>();
  reconnects = 0;

  /** The constructor to pass as the link's `Peer` option. */
  readonly Peer: PeerConstructor;

  constructor() {
    const network = this;
    this.Peer = class extends FakePeer {
      constructor(id: string, options: PeerOptionsLike) {
        super(id, options, network);
      }
    };
  }

  register(peer: FakePeer) {
    if (peer.destroyed) return;
    if (this.refusedTokens.has(peer.options.token)) {
      peer.fail('server-error', 'Could not get an ID from the server.');
      return;
    }
    const holder = this.registered.get(peer.id);
    if (holder && holder !== peer && !holder.destroyed) {
      peer.fail('unavailable-id', `ID "${peer.id}" is taken`);
      return;
    }
    this.registered.set(peer.id, peer);
    peer.registered();
  }
  unregister(peer: FakePeer) {
    if (this.registered.get(peer.id) === peer) this.registered.delete(peer.id);
  }
  peer(id: string): FakePeer | undefined {
    return this.registered.get(id);
  }
  /** The live Peers created with this id, newest last. */
  peersWithId(id: string) {
    return this.created.filter((p) => p.id === id);
  }
  /** The open data connection the Peer with `id` holds now. */
  openConnection(id: string): FakeDataConnection | undefined {
    return this.peer(id)?.connections.filter((c) => c.open).at(-1);
  }
  /** The other side vanishes: this connection (both ends) delivers nothing more and fires no close. */
  vanish(connection: FakeDataConnection) {
    this.cut.add(connection);
    this.cut.add(connection.other);
  }
}
