// The Node SDK's EgressClient and IngressClient, unchanged, against a running LiveKit (the emulator): every call
// and every refusal the emulator claims to answer as livekit-server does. It starts nothing itself; it talks to
// the emulator's control API only to add a participant and to start an encoder's stream.
// Usage: node egress-ingress-check.mjs <url> <api key> <api secret>   (exit 0: every check passed)
import {
  EgressClient, EgressStatus, EncodedFileOutput, IngressClient, IngressInput, RoomServiceClient, SegmentedFileOutput, StreamOutput, StreamProtocol, StartEgressRequest,
} from 'livekit-server-sdk';
import { IngressState_Status, ParticipantInfo_Kind } from '@livekit/protocol';
import { check, connection, control as controlApi, expect, finish, refused } from './check-kit.mjs';

const lk = connection('egress-ingress-check.mjs');
const { url, key, secret } = lk;
const rooms = new RoomServiceClient(url, key, secret);
const egress = new EgressClient(url, key, secret);
const ingress = new IngressClient(url, key, secret);
const room = 'node-check-' + Date.now();

async function control(path, body) {
  return controlApi(lk, room, path, body);
}

async function until(what, test) {
  for (let i = 0; i < 100; i++) {
    const value = await test();
    if (value) {
      return value;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('timed out waiting for ' + what);
}

const nowNanos = () => BigInt(Date.now()) * 1_000_000n;
const nanosNearNow = (value) => typeof value === 'bigint' && value > nowNanos() - 600_000_000_000n && value <= nowNanos() + 1_000_000_000n;

let composite;
let web;

await check('RoomService.createRoom (setup)', async () => {
  await rooms.createRoom({ name: room });
  await control(`/emulator/rooms/${room}/participants`, { identity: 'alice', name: 'Alice', tracks: [{ type: 'AUDIO' }, { type: 'VIDEO' }] });
});

await check('startRoomCompositeEgress: STARTING, EG_ id, times in ns, the file result, the request echoed', async () => {
  composite = await egress.startRoomCompositeEgress(room,
    { file: new EncodedFileOutput({ filepath: 'recordings/{room_name}-{time}.mp4' }) }, { layout: 'grid' });
  expect(/^EG_[2-9A-HJ-NP-Za-km-z]{12}$/.test(composite.egressId), 'egress id ' + composite.egressId);
  expect(composite.status === EgressStatus.EGRESS_STARTING, 'status ' + EgressStatus[composite.status]);
  expect(composite.roomName === room && composite.roomId.startsWith('RM_'), 'room ' + composite.roomName + ' ' + composite.roomId);
  expect(nanosNearNow(composite.startedAt), 'startedAt ' + composite.startedAt);
  expect(composite.request.case === 'roomComposite' && composite.request.value.layout === 'grid', 'request ' + composite.request.case);
  expect(composite.fileResults.length === 1 && composite.fileResults[0].filename.startsWith('recordings/' + room), 'file ' + JSON.stringify(composite.fileResults.map((f) => f.filename)));
});

await check('listEgress: by room, by egress id, active only; goes ACTIVE', async () => {
  const byRoom = await egress.listEgress({ roomName: room });
  expect(byRoom.some((e) => e.egressId === composite.egressId), 'not listed by room');
  const byId = await egress.listEgress({ egressId: composite.egressId });
  expect(byId.length === 1 && byId[0].egressId === composite.egressId, 'by id ' + byId.length);
  const active = await until('ACTIVE', async () => (await egress.listEgress({ roomName: room, active: true }))
    .find((e) => e.egressId === composite.egressId && e.status === EgressStatus.EGRESS_ACTIVE));
  expect(nanosNearNow(active.updatedAt), 'updatedAt ' + active.updatedAt);
});

await check('the egress participant: identity = egress id, kind EGRESS, hidden recorder; the room records', async () => {
  const participant = await until('the egress participant', async () => (await rooms.listParticipants(room))
    .find((p) => p.identity === composite.egressId));
  expect(participant.kind === ParticipantInfo_Kind.EGRESS, 'kind ' + participant.kind);
  expect(participant.permission.hidden && participant.permission.recorder, 'permission ' + JSON.stringify(participant.permission));
  const [info] = await rooms.listRooms([room]);
  expect(info.activeRecording === true, 'active_recording ' + info.activeRecording);
});

await check('updateLayout: the stored info comes back', async () => {
  const info = await egress.updateLayout(composite.egressId, 'speaker');
  expect(info.egressId === composite.egressId, 'egress ' + info.egressId);
});

await check('startParticipantEgress, startTrackCompositeEgress, startTrackEgress', async () => {
  const participant = await egress.startParticipantEgress(room, 'alice', { file: new EncodedFileOutput({ filepath: 'alice.mp4' }) });
  expect(participant.request.case === 'participant' && participant.request.value.identity === 'alice', 'participant ' + participant.request.case);
  const [alice] = (await rooms.listParticipants(room)).filter((p) => p.identity === 'alice');
  const audio = alice.tracks.find((t) => t.type === 0).sid;
  const video = alice.tracks.find((t) => t.type === 1).sid;
  const trackComposite = await egress.startTrackCompositeEgress(room,
    { segments: new SegmentedFileOutput({ filenamePrefix: 'alice', playlistName: 'alice.m3u8' }) }, { audioTrackId: audio, videoTrackId: video });
  expect(trackComposite.segmentResults.length === 1 && trackComposite.segmentResults[0].playlistName === 'alice.m3u8', 'segments');
  const track = await egress.startTrackEgress(room, 'wss://example.invalid/track', audio);
  expect(track.request.case === 'track' && track.request.value.trackId === audio, 'track ' + track.request.case);
});

await check('startWebEgress to a stream: the stream key redacted; updateStream adds a URL', async () => {
  web = await egress.startWebEgress('https://example.invalid/page',
    new StreamOutput({ protocol: StreamProtocol.RTMP, urls: ['rtmp://live.example.invalid/app/secretkey123'] }));
  expect(web.roomName === '' && web.streamResults.length === 1, 'web ' + web.roomName + ' ' + web.streamResults.length);
  expect(web.streamResults[0].url === 'rtmp://live.example.invalid/app/{sec...123}', 'url ' + web.streamResults[0].url);
  const updated = await egress.updateStream(web.egressId, ['rtmp://other.example.invalid/app/anotherkey9']);
  expect(updated.streamResults.length === 2, 'streams ' + updated.streamResults.length);
});

await check('startEgress (the unified request of livekit-server 1.13.2): not emulated, bad_route as an older server', async () => {
  await refused(() => egress.startEgress(new StartEgressRequest({ roomName: room })), 'bad_route', 404);
});

await check('stopEgress: ENDING, then COMPLETE with size, duration (ns), location', async () => {
  const ending = await egress.stopEgress(composite.egressId);
  expect(ending.status === EgressStatus.EGRESS_ENDING, 'status ' + EgressStatus[ending.status]);
  const done = await until('COMPLETE', async () => (await egress.listEgress({ egressId: composite.egressId }))
    .find((e) => e.status === EgressStatus.EGRESS_COMPLETE));
  const file = done.fileResults[0];
  expect(typeof file.size === 'bigint' && file.size > 0n, 'size ' + file.size);
  expect(typeof file.duration === 'bigint' && file.duration > 0n && file.duration === file.endedAt - file.startedAt, 'duration ' + file.duration);
  expect(file.location.length > 0, 'location ' + file.location);
  expect(nanosNearNow(done.endedAt), 'endedAt ' + done.endedAt);
  expect(done.details === 'End reason: StopEgress API', 'details ' + done.details);
});

await check('stopEgress of an ended egress: failed_precondition 412 with the status name', async () => {
  await refused(() => egress.stopEgress(composite.egressId), 'failed_precondition', 412,
    'egress with status EGRESS_COMPLETE cannot be stopped');
});

await check('listEgress and stopEgress of an unknown egress: not_found 404', async () => {
  await refused(() => egress.listEgress({ egressId: 'EG_unknown12345' }), 'not_found', 404, 'twirp error unknown: egress does not exist');
  await refused(() => egress.stopEgress('EG_unknown12345'), 'not_found', 404, 'twirp error unknown: egress does not exist');
});

await check('startRoomCompositeEgress of an unknown room: not_found 404', async () => {
  await refused(() => egress.startRoomCompositeEgress(room + '-gone', { file: new EncodedFileOutput({ filepath: 'x.mp4' }) }),
    'not_found', 404, 'twirp error unknown: requested room does not exist');
});

await check('an egress started and stopped at once: ABORTED, 412, "Stop called before pipeline could start"', async () => {
  const started = await egress.startRoomCompositeEgress(room, { file: new EncodedFileOutput({ filepath: 'y.mp4' }) });
  const aborted = await egress.stopEgress(started.egressId);
  expect(aborted.status === EgressStatus.EGRESS_ABORTED, 'status ' + EgressStatus[aborted.status]);
  expect(aborted.error === 'Stop called before pipeline could start' && aborted.errorCode === 412, 'error ' + aborted.error + ' ' + aborted.errorCode);
});

let rtmp;

await check('createIngress RTMP: IN_ id, url, stream key, reusable, transcoding on, inactive', async () => {
  rtmp = await ingress.createIngress(IngressInput.RTMP_INPUT, { name: 'town hall', roomName: room, participantIdentity: 'stage', participantName: 'Stage' });
  expect(/^IN_[2-9A-HJ-NP-Za-km-z]{12}$/.test(rtmp.ingressId), 'ingress id ' + rtmp.ingressId);
  expect(rtmp.url.startsWith('rtmp://') && rtmp.streamKey.length === 12, 'url ' + rtmp.url + ' key length ' + rtmp.streamKey.length);
  expect(rtmp.reusable === true && rtmp.enableTranscoding === true, 'reusable ' + rtmp.reusable + ' transcoding ' + rtmp.enableTranscoding);
  expect(rtmp.state.status === IngressState_Status.ENDPOINT_INACTIVE, 'status ' + rtmp.state.status);
});

await check('createIngress WHIP (transcoding off by default) and URL', async () => {
  const whip = await ingress.createIngress(IngressInput.WHIP_INPUT, { name: 'whip', roomName: room, participantIdentity: 'whip-in' });
  expect(whip.enableTranscoding === false && whip.url.startsWith('http'), 'whip transcoding ' + whip.enableTranscoding);
  const pull = await ingress.createIngress(IngressInput.URL_INPUT, { name: 'pull', roomName: room, participantIdentity: 'pull-in', url: 'https://example.invalid/live.m3u8' });
  expect(pull.reusable === false && pull.streamKey === '' && pull.url === 'https://example.invalid/live.m3u8', 'url input');
});

await check('createIngress refusals: invalid_argument with LiveKit\'s words', async () => {
  await refused(() => ingress.createIngress(IngressInput.URL_INPUT, { roomName: room, participantIdentity: 'x' }),
    'invalid_argument', 400, 'twirp error unknown: invalid ingress: missing URL parameter');
  await refused(() => ingress.createIngress(IngressInput.RTMP_INPUT, { roomName: room, participantIdentity: 'x', enableTranscoding: false }),
    'invalid_argument', 400,
    'twirp error unknown: invalid transcoding bypass configuration: bypassing transcoding impossible with selected input type');
});

await check('a stream starts: PUBLISHING, an INGRESS participant in the room; listIngress by room and id', async () => {
  await control(`/emulator/ingress/${rtmp.ingressId}/start`);
  const [listed] = await ingress.listIngress({ ingressId: rtmp.ingressId });
  expect(listed.state.status === IngressState_Status.ENDPOINT_PUBLISHING, 'status ' + listed.state.status);
  expect(nanosNearNow(listed.state.startedAt), 'startedAt ' + listed.state.startedAt);
  const byRoom = await ingress.listIngress({ roomName: room });
  expect(byRoom.length === 3, 'by room ' + byRoom.length);
  const stage = (await rooms.listParticipants(room)).find((p) => p.identity === 'stage');
  expect(stage && stage.kind === ParticipantInfo_Kind.INGRESS && stage.attributes['ingress.ingressID'] === rtmp.ingressId, 'participant ' + JSON.stringify(stage?.attributes));
});

await check('updateIngress and deleteIngress; an unknown ingress: not_found', async () => {
  const updated = await ingress.updateIngress(rtmp.ingressId, { name: 'renamed' });
  expect(updated.name === 'renamed', 'name ' + updated.name);
  const deleted = await ingress.deleteIngress(rtmp.ingressId);
  expect(deleted.state.status === IngressState_Status.ENDPOINT_INACTIVE, 'status ' + deleted.state.status);
  await refused(() => ingress.deleteIngress(rtmp.ingressId), 'not_found', 404, 'twirp error unknown: ingress does not exist');
});

await rooms.deleteRoom(room).catch(() => {});
finish();
