// The Node SDK's SipClient, unchanged, against a running LiveKit (the emulator): trunks, dispatch rules, dialling
// (answered and busy) and transfers (done and refused), with the errors it parses. It starts nothing itself; it talks
// to the emulator's control API only to set how the next callee and transfer answer.
// Usage: node sip-check.mjs <url> <api key> <api secret>   (exit 0: every check passed)
import { RoomServiceClient, SipCallError, SipClient } from 'livekit-server-sdk';
import { ListUpdate, ParticipantInfo_Kind } from '@livekit/protocol';
import { check, connection, control as controlApi, expect, finish, refused } from './check-kit.mjs';

const lk = connection('sip-check.mjs');
const { url, key, secret } = lk;
const sip = new SipClient(url, key, secret);
const rooms = new RoomServiceClient(url, key, secret);
const room = 'node-sip-' + Date.now();

async function control(path, body) {
  return controlApi(lk, room, path, body);
}

const number = '+1555' + String(Date.now()).slice(-7);
let inbound;
let outbound;

await check('trunks: create, list (with a number filter), update, delete (an unknown id too)', async () => {
  inbound = await sip.createSipInboundTrunk('front desk', [number], { authUsername: 'u', authPassword: 'p' });
  expect(/^ST_[2-9A-HJ-NP-Za-km-z]{12}$/.test(inbound.sipTrunkId), 'id ' + inbound.sipTrunkId);
  outbound = await sip.createSipOutboundTrunk('carrier', 'sip.carrier.example', ['+15550000000']);
  const listed = await sip.listSipInboundTrunk({ numbers: [number] });
  expect(listed.some((t) => t.sipTrunkId === inbound.sipTrunkId), 'listed ' + listed.length);
  const outs = await sip.listSipOutboundTrunk();
  expect(outs.some((t) => t.sipTrunkId === outbound.sipTrunkId && t.address === 'sip.carrier.example'), 'outbound listed');
  const renamed = await sip.updateSipInboundTrunkFields(inbound.sipTrunkId, { name: 'reception' });
  expect(renamed.name === 'reception' && renamed.numbers[0] === number, 'updated ' + renamed.name);
  const deleted = await sip.deleteSipTrunk('ST_unknown');
  expect(deleted.sipTrunkId === 'ST_unknown', 'deleted ' + deleted.sipTrunkId);
});

await check('trunk refusals: a conflicting number, an unknown trunk', async () => {
  await refused(() => sip.createSipInboundTrunk('again', [number]), 'invalid_argument', 400);
  await refused(() => sip.updateSipInboundTrunkFields('ST_gone', { name: 'x' }), 'not_found', 404, 'requested sip trunk does not exist');
});

await check('dispatch rules: create (direct, individual), list, update, delete; a duplicate refused', async () => {
  const direct = await sip.createSipDispatchRule({ type: 'direct', roomName: room }, { name: 'direct', trunkIds: [inbound.sipTrunkId] });
  expect(direct.sipDispatchRuleId.startsWith('SDR_'), 'id ' + direct.sipDispatchRuleId);
  await refused(() => sip.createSipDispatchRule({ type: 'individual', roomPrefix: 'x' }, { trunkIds: [inbound.sipTrunkId] }),
    'invalid_argument', 400);
  const rules = await sip.listSipDispatchRule({ trunkIds: [inbound.sipTrunkId] });
  expect(rules.some((r) => r.sipDispatchRuleId === direct.sipDispatchRuleId), 'listed');
  const renamed = await sip.updateSipDispatchRuleFields(direct.sipDispatchRuleId, {
    name: 'renamed', trunkIds: new ListUpdate({ add: ['ST_other'] }),
  });
  expect(renamed.name === 'renamed' && renamed.trunkIds.length === 2, 'updated ' + JSON.stringify(renamed.trunkIds));
  await sip.deleteSipDispatchRule(direct.sipDispatchRuleId);
  await refused(() => sip.deleteSipDispatchRule(direct.sipDispatchRuleId), 'not_found', 404, 'requested sip dispatch rule does not exist');
});

await check('createSipParticipant waiting until answered: a SIP participant, active', async () => {
  const info = await sip.createSipParticipant(outbound.sipTrunkId, '+15557654321', room,
    { participantIdentity: 'callee', waitUntilAnswered: true });
  expect(info.participantIdentity === 'callee' && info.sipCallId.startsWith('SCL_'), 'info ' + JSON.stringify(info));
  const participant = await rooms.getParticipant(room, 'callee');
  expect(participant.kind === ParticipantInfo_Kind.SIP, 'kind ' + participant.kind);
  expect(participant.attributes['sip.callStatus'] === 'active', 'status ' + participant.attributes['sip.callStatus']);
});

await check('a busy callee: SipCallError 486, resource_exhausted', async () => {
  await control('/emulator/sip', { callee: 'busy' });
  const e = await refused(() => sip.createSipParticipant(outbound.sipTrunkId, '+15557654322', room,
    { participantIdentity: 'busy', waitUntilAnswered: true }), 'resource_exhausted', 429);
  expect(e instanceof SipCallError && e.sipStatusCode === 486 && e.sipStatus === 'Busy Here', 'sip status ' + e.sipStatusCode);
});

await check('transferSipParticipant: refused with a SIP status, then done', async () => {
  await control('/emulator/sip', { failNextTransfer: { code: 603, status: 'Decline' } });
  const e = await refused(() => sip.transferSipParticipant(room, 'callee', 'tel:+15559998888'), 'permission_denied', 403);
  expect(e instanceof SipCallError && e.sipStatusCode === 603, 'sip status ' + e.sipStatusCode);
  await sip.transferSipParticipant(room, 'callee', 'sip:desk@pbx.example', { playDialtone: true });
  await refused(() => sip.transferSipParticipant(room, 'callee', 'desk'), 'invalid_argument', 400,
    'transfer_to must be a valid SIP(s) or TEL URI (sip:, sips: or tel:)');
});

await sip.deleteSipTrunk(inbound.sipTrunkId).catch(() => {});
await sip.deleteSipTrunk(outbound.sipTrunkId).catch(() => {});
await rooms.deleteRoom(room).catch(() => {});
finish();
