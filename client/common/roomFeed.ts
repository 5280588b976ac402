// What every app that follows one room keeps from its socket: connection, who the server says we are, the room view
// (snapshots and patches by revision, a fresh snapshot when a patch does not follow), the server clock's offset, the
// server's storage (reconnecting while its Redis is away), and a problem with the link. Called once per app, from its store, so listeners are bound once.
import { ref, shallowRef } from 'vue';
import { RoomMirror } from '../../shared/mirror';
import type { RoomView, SessionHello, StorageStatus } from '../../shared/protocol';
import { estimateOffset } from '../../shared/clock';
import { request } from '../../web/request';
import type { AppSocket } from './connect';

/** Binds the room topics of a socket and returns their reactive state. */
export function followRoom(socket: AppSocket) {
  const connected = ref(false);
  const hello = ref<SessionHello | null>(null);
  const room = shallowRef<RoomView | null>(null);
  const offset = ref(0);
  const problem = ref<'badLink' | 'revoked' | null>(null);
  const storage = ref<StorageStatus['state']>('ok');
  const mirror = new RoomMirror();

  const show = () => {
    room.value = hello.value?.roomId ? mirror.rooms.get(hello.value.roomId) ?? null : null;
  };
  const sync = async () => {
    const ack = await request(socket, 'room:sync', {}, 8000);
    if (ack?.ok) {
      mirror.reset();
      for (const view of ack.data) mirror.snapshot(view);
      show();
    }
  };

  socket.on('connect', () => {
    connected.value = true;
    problem.value = null;
    storage.value = 'ok'; // a handshake passes only while the server reaches its storage
    mirror.reset();
    void estimateOffset(async () => {
      const ack = await request(socket, 'time:ping', {}, 5000);
      if (!ack) throw new Error('time:ping: no answer'); // the offset stays as it was
      return ack.ok ? ack.data.serverNow : Date.now();
    }).then((o) => { offset.value = o; }).catch(() => undefined);
  });
  socket.on('disconnect', () => { connected.value = false; });
  socket.on('connect_error', (err) => {
    connected.value = false;
    if (err.message === 'UNAUTHORIZED') problem.value = 'badLink';
    if (err.message === 'UNAVAILABLE') {
      storage.value = 'reconnecting';
      setTimeout(() => socket.connect(), 1000); // a refused handshake is not retried by itself
    }
  });
  socket.on('storage:status', (s) => { storage.value = s.state; });
  socket.on('session:hello', (h) => { hello.value = h; });
  socket.on('session:revoked', () => { problem.value = 'revoked'; });
  socket.on('room:snapshot', (view) => {
    mirror.snapshot(view);
    show();
  });
  socket.on('room:patch', (patch) => {
    if (mirror.patch(patch) === 'needs-sync') void sync();
    show();
  });

  return { connected, hello, room, offset, problem, storage };
}
