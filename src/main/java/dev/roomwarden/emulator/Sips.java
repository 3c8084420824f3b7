package dev.roomwarden.emulator;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

import com.google.protobuf.Empty;
import com.google.protobuf.Message;
import livekit.LivekitModels.DisconnectReason;
import livekit.LivekitModels.ListUpdate;
import livekit.LivekitModels.Pagination;
import livekit.LivekitModels.ParticipantInfo;
import livekit.LivekitModels.ParticipantPermission;
import livekit.LivekitModels.TrackSource;
import livekit.LivekitModels.TrackType;
import livekit.LivekitRoom.CreateRoomRequest;
import livekit.LivekitRoom.UpdateParticipantRequest;
import livekit.LivekitSip.CreateSIPDispatchRuleRequest;
import livekit.LivekitSip.CreateSIPInboundTrunkRequest;
import livekit.LivekitSip.CreateSIPOutboundTrunkRequest;
import livekit.LivekitSip.CreateSIPParticipantRequest;
import livekit.LivekitSip.DeleteSIPDispatchRuleRequest;
import livekit.LivekitSip.DeleteSIPTrunkRequest;
import livekit.LivekitSip.GetSIPInboundTrunkRequest;
import livekit.LivekitSip.GetSIPInboundTrunkResponse;
import livekit.LivekitSip.GetSIPOutboundTrunkRequest;
import livekit.LivekitSip.GetSIPOutboundTrunkResponse;
import livekit.LivekitSip.ListSIPDispatchRuleRequest;
import livekit.LivekitSip.ListSIPDispatchRuleResponse;
import livekit.LivekitSip.ListSIPInboundTrunkRequest;
import livekit.LivekitSip.ListSIPInboundTrunkResponse;
import livekit.LivekitSip.ListSIPOutboundTrunkRequest;
import livekit.LivekitSip.ListSIPOutboundTrunkResponse;
import livekit.LivekitSip.SIPDispatchRuleInfo;
import livekit.LivekitSip.SIPInboundTrunkInfo;
import livekit.LivekitSip.SIPOutboundTrunkInfo;
import livekit.LivekitSip.SIPParticipantInfo;
import livekit.LivekitSip.SIPTrunkInfo;
import livekit.LivekitSip.TransferSIPParticipantRequest;

/**
 * livekit.SIP as livekit-server (pkg/service/sip.go, redisstore_sip.go) and livekit/sip (pkg/sip) do it, with a
 * simulated SIP service that dials, rings, answers and transfers: the trunks, dispatch rules and calls, guarded by the
 * emulator state's lock (docs/emulator.md, "SIP").
 */
public final class Sips {

    static final String CALL_ID = "sip.callID";
    static final String TRUNK_ID = "sip.trunkID";
    static final String RULE_ID = "sip.ruleID";
    static final String PHONE_NUMBER = "sip.phoneNumber";
    static final String HOSTNAME = "sip.hostname";
    static final String TRUNK_NUMBER = "sip.trunkPhoneNumber";
    static final String CALL_STATUS = "sip.callStatus";
    private static final String PSRPC_PREFIX = "twirp error unknown: ";
    /** livekit-server's CreateSIPParticipant deadline (pkg/service/sip.go), without and with wait_until_answered. */
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);
    static final Duration WAITED_CALL_TIMEOUT = Duration.ofSeconds(80);
    /** livekit/sip's default ringing timeout (pkg/sip/participant.go defaultRingingTimeout). */
    static final Duration DEFAULT_RINGING_TIMEOUT = Duration.ofMinutes(3);
    private static final Pattern NUMBER = Pattern.compile("^\\+?[\\d\\- ()]+$");

    /** How the next callee answers an INVITE. */
    public enum Callee { ANSWER, NO_ANSWER, BUSY }

    /**
     * The simulated SIP service's timings: ringing comes {@code ringAfter} after dialling, the callee answers
     * {@code answerAfter} after that, a REFER is accepted and completes after {@code transferAfter}, the bridge hangs
     * up {@code hangupAfter} a successful transfer, and with no SIP service a call waits {@code noServiceWait}.
     */
    public record Timings(Duration ringAfter, Duration answerAfter, Duration transferAfter, Duration hangupAfter,
            Duration noServiceWait) {
        public static final Timings DEFAULT = new Timings(Duration.ofMillis(300), Duration.ofSeconds(2),
                Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(1));
    }

    /** A SIP failure's status as livekit.SIPStatus carries it. */
    public record SipStatus(int code, String status) {
    }

    private record Transfer(String to, CompletableFuture<Void> done) {
    }

    private record Call(String callId, String room, String identity, String sid, CompletableFuture<Void> answered) {
    }

    private final EmulatorState state;
    private final ScheduledExecutorService later;
    private final TreeMap<String, SIPInboundTrunkInfo> inbound = new TreeMap<>();
    private final TreeMap<String, SIPOutboundTrunkInfo> outbound = new TreeMap<>();
    private final TreeMap<String, SIPDispatchRuleInfo> rules = new TreeMap<>();
    private final Map<String, Call> calls = new HashMap<>();
    private final Map<String, String> callStatus = new HashMap<>();
    /** Transfers under way by call id: a repeated request for the same target waits for the same result (sip service.go). */
    private final Map<String, Transfer> transfers = new HashMap<>();
    private volatile Timings timings = Timings.DEFAULT;
    private volatile boolean serviceConnected = true;
    private Callee nextCallee = Callee.ANSWER;
    private Duration nextAnswerAfter;
    private SipStatus nextTransferFailure;

    Sips(EmulatorState state, ScheduledExecutorService later) {
        this.state = state;
        this.later = later;
    }

    public void timings(Timings timings) {
        this.timings = timings;
    }

    /** No SIP service connected: calls and transfers wait {@code noServiceWait}, then 503 "no response from servers". */
    public void serviceConnected(boolean connected) {
        serviceConnected = connected;
    }

    /** How the next dialled callee answers; {@code answerAfter} (null: the timings') is how long it rings first. */
    public synchronized void nextCallee(Callee callee, Duration answerAfter) {
        nextCallee = callee;
        nextAnswerAfter = answerAfter;
    }

    /** The next transfer's NOTIFY carries this final SIP status (e.g. 603 Decline) instead of 200; null cancels. */
    public synchronized void failNextTransfer(SipStatus status) {
        nextTransferFailure = status;
    }

    /** Back to defaults: service connected, callees answer, transfers succeed (Faults.reset calls this too). */
    public synchronized void reset() {
        serviceConnected = true;
        nextCallee = Callee.ANSWER;
        nextAnswerAfter = null;
        nextTransferFailure = null;
        timings = Timings.DEFAULT;
    }

    void clear() {
        synchronized (state) {
            inbound.clear();
            outbound.clear();
            rules.clear();
            calls.clear();
            callStatus.clear();
            transfers.clear();
        }
    }

    // Trunks

    SIPInboundTrunkInfo createInbound(CreateSIPInboundTrunkRequest request) {
        if (!request.hasTrunk()) {
            throw invalid("missing trunk");
        }
        if (!request.getTrunk().getSipTrunkId().isEmpty()) {
            throw invalid("trunk id must not be set");
        }
        validateInbound(request.getTrunk());
        synchronized (state) {
            var all = new ArrayList<>(inbound.values());
            all.add(request.getTrunk());
            validateTrunks(all);
            var created = request.getTrunk().toBuilder().setSipTrunkId("ST_" + Ids.random(12)).build();
            inbound.put(created.getSipTrunkId(), created);
            return created;
        }
    }

    SIPOutboundTrunkInfo createOutbound(CreateSIPOutboundTrunkRequest request) {
        if (!request.hasTrunk()) {
            throw invalid("missing trunk");
        }
        if (!request.getTrunk().getSipTrunkId().isEmpty()) {
            throw invalid("trunk id must not be set");
        }
        validateOutbound(request.getTrunk());
        synchronized (state) {
            var created = request.getTrunk().toBuilder().setSipTrunkId("ST_" + Ids.random(12)).build();
            outbound.put(created.getSipTrunkId(), created);
            return created;
        }
    }

    SIPInboundTrunkInfo updateInbound(livekit.LivekitSip.UpdateSIPInboundTrunkRequest request) {
        var id = request.getSipTrunkId();
        if (id.isEmpty()) {
            throw invalid("trunk id must be set");
        }
        switch (request.getActionCase()) {
            case REPLACE -> {
                var replace = request.getReplace();
                if (!replace.getSipTrunkId().isEmpty() && !replace.getSipTrunkId().equals(id)) {
                    throw invalid("trunk id in the info must be empty or match the id in the update");
                }
                validateInbound(replace);
            }
            case UPDATE -> validateListUpdates(request.getUpdate().hasNumbers() ? request.getUpdate().getNumbers() : null,
                    request.getUpdate().hasAllowedAddresses() ? request.getUpdate().getAllowedAddresses() : null,
                    request.getUpdate().hasAllowedNumbers() ? request.getUpdate().getAllowedNumbers() : null);
            default -> throw invalid("missing or unsupported update action");
        }
        synchronized (state) {
            var current = inbound.get(id);
            if (current == null) {
                throw EmulatorException.notFound("requested sip trunk does not exist");
            }
            SIPInboundTrunkInfo updated;
            if (request.getActionCase() == livekit.LivekitSip.UpdateSIPInboundTrunkRequest.ActionCase.REPLACE) {
                updated = request.getReplace().toBuilder().setSipTrunkId(id).build();
            } else {
                var diff = request.getUpdate();
                var builder = current.toBuilder();
                if (diff.hasNumbers()) {
                    builder.clearNumbers().addAllNumbers(apply(current.getNumbersList(), diff.getNumbers()));
                }
                if (diff.hasAllowedAddresses()) {
                    builder.clearAllowedAddresses().addAllAllowedAddresses(apply(current.getAllowedAddressesList(), diff.getAllowedAddresses()));
                }
                if (diff.hasAllowedNumbers()) {
                    builder.clearAllowedNumbers().addAllAllowedNumbers(apply(current.getAllowedNumbersList(), diff.getAllowedNumbers()));
                }
                if (diff.hasAuthUsername()) {
                    builder.setAuthUsername(diff.getAuthUsername());
                }
                if (diff.hasAuthPassword()) {
                    builder.setAuthPassword(diff.getAuthPassword());
                }
                if (diff.hasName()) {
                    builder.setName(diff.getName());
                }
                if (diff.hasMetadata()) {
                    builder.setMetadata(diff.getMetadata());
                }
                if (diff.hasMediaEncryption()) {
                    builder.setMediaEncryption(diff.getMediaEncryption());
                }
                updated = builder.build();
                // ApplyResult's error goes back unwrapped: this one is a psrpc error (invalid_argument, with the prefix).
                try {
                    validateInbound(updated);
                } catch (EmulatorException e) {
                    throw EmulatorException.invalidArgument(PSRPC_PREFIX + e.getMessage());
                }
            }
            var all = new ArrayList<SIPInboundTrunkInfo>();
            inbound.values().forEach(t -> all.add(t.getSipTrunkId().equals(id) ? updated : t));
            validateTrunks(all);
            inbound.put(id, updated);
            return updated;
        }
    }

    SIPOutboundTrunkInfo updateOutbound(livekit.LivekitSip.UpdateSIPOutboundTrunkRequest request) {
        var id = request.getSipTrunkId();
        if (id.isEmpty()) {
            throw invalid("trunk id must be set");
        }
        switch (request.getActionCase()) {
            case REPLACE -> {
                var replace = request.getReplace();
                if (!replace.getSipTrunkId().isEmpty() && !replace.getSipTrunkId().equals(id)) {
                    throw invalid("trunk id in the info must be empty or match the id in the update");
                }
                validateOutbound(replace);
            }
            case UPDATE -> validateListUpdates(request.getUpdate().hasNumbers() ? request.getUpdate().getNumbers() : null);
            default -> throw invalid("missing or unsupported update action");
        }
        synchronized (state) {
            var current = outbound.get(id);
            if (current == null) {
                throw EmulatorException.notFound("requested sip trunk does not exist");
            }
            SIPOutboundTrunkInfo updated;
            if (request.getActionCase() == livekit.LivekitSip.UpdateSIPOutboundTrunkRequest.ActionCase.REPLACE) {
                updated = request.getReplace().toBuilder().setSipTrunkId(id).build();
            } else {
                var diff = request.getUpdate();
                var builder = current.toBuilder();
                if (diff.hasAddress()) {
                    builder.setAddress(diff.getAddress());
                }
                if (diff.hasTransport()) {
                    builder.setTransport(diff.getTransport());
                }
                if (diff.hasDestinationCountry()) {
                    builder.setDestinationCountry(diff.getDestinationCountry());
                }
                if (diff.hasNumbers()) {
                    builder.clearNumbers().addAllNumbers(apply(current.getNumbersList(), diff.getNumbers()));
                }
                if (diff.hasAuthUsername()) {
                    builder.setAuthUsername(diff.getAuthUsername());
                }
                if (diff.hasAuthPassword()) {
                    builder.setAuthPassword(diff.getAuthPassword());
                }
                if (diff.hasName()) {
                    builder.setName(diff.getName());
                }
                if (diff.hasMetadata()) {
                    builder.setMetadata(diff.getMetadata());
                }
                if (diff.hasMediaEncryption()) {
                    builder.setMediaEncryption(diff.getMediaEncryption());
                }
                if (diff.hasFromHost()) {
                    builder.setFromHost(diff.getFromHost());
                }
                updated = builder.build();
                // ApplyResult's error goes back unwrapped: a plain error, which Twirp answers 500 unknown.
                try {
                    validateOutbound(updated);
                } catch (EmulatorException e) {
                    throw new EmulatorException("unknown", 500, e.getMessage());
                }
            }
            outbound.put(id, updated);
            return updated;
        }
    }

    GetSIPInboundTrunkResponse getInbound(GetSIPInboundTrunkRequest request) {
        if (request.getSipTrunkId().isEmpty()) {
            throw invalid("trunk ID is required");
        }
        synchronized (state) {
            var trunk = inbound.get(request.getSipTrunkId());
            if (trunk == null) {
                throw EmulatorException.notFound("requested sip trunk does not exist");
            }
            return GetSIPInboundTrunkResponse.newBuilder().setTrunk(trunk).build();
        }
    }

    GetSIPOutboundTrunkResponse getOutbound(GetSIPOutboundTrunkRequest request) {
        if (request.getSipTrunkId().isEmpty()) {
            throw invalid("trunk ID is required");
        }
        synchronized (state) {
            var trunk = outbound.get(request.getSipTrunkId());
            if (trunk == null) {
                throw EmulatorException.notFound("requested sip trunk does not exist");
            }
            return GetSIPOutboundTrunkResponse.newBuilder().setTrunk(trunk).build();
        }
    }

    /** Every page drained (ListPageIter + iters.All): all trunks after page.after_id, sorted by id, limit ignored. */
    ListSIPInboundTrunkResponse listInbound(ListSIPInboundTrunkRequest request) {
        synchronized (state) {
            var items = after(inbound, request.hasPage() ? request.getPage() : null).stream()
                    .filter(t -> request.getTrunkIdsCount() == 0 || request.getTrunkIdsList().contains(t.getSipTrunkId()))
                    .filter(t -> request.getNumbersCount() == 0 || t.getNumbersCount() == 0
                            || t.getNumbersList().stream().anyMatch(n -> request.getNumbersList().stream()
                                    .anyMatch(r -> r.equals(n) || normalize(r).equals(normalize(n)))))
                    .toList();
            return ListSIPInboundTrunkResponse.newBuilder().addAllItems(items).build();
        }
    }

    ListSIPOutboundTrunkResponse listOutbound(ListSIPOutboundTrunkRequest request) {
        synchronized (state) {
            var items = after(outbound, request.hasPage() ? request.getPage() : null).stream()
                    .filter(t -> request.getTrunkIdsCount() == 0 || request.getTrunkIdsList().contains(t.getSipTrunkId()))
                    .filter(t -> request.getNumbersCount() == 0 || t.getNumbersCount() == 0
                            || t.getNumbersList().stream().anyMatch(request.getNumbersList()::contains))
                    .toList();
            return ListSIPOutboundTrunkResponse.newBuilder().addAllItems(items).build();
        }
    }

    /** The deprecated ListSIPTrunk: both kinds as legacy SIPTrunkInfo (protocol livekit/sip.go AsTrunkInfo), sorted by id. */
    livekit.LivekitSip.ListSIPTrunkResponse listLegacy(livekit.LivekitSip.ListSIPTrunkRequest request) {
        synchronized (state) {
            var page = request.hasPage() ? request.getPage() : null;
            var items = new TreeMap<String, SIPTrunkInfo>();
            for (var t : after(inbound, page)) {
                items.put(t.getSipTrunkId(), SIPTrunkInfo.newBuilder().setSipTrunkId(t.getSipTrunkId())
                        .setKind(SIPTrunkInfo.TrunkKind.TRUNK_INBOUND).setName(t.getName()).setMetadata(t.getMetadata())
                        .setOutboundNumber(t.getNumbersCount() == 0 ? "" : t.getNumbers(0))
                        .addAllInboundAddresses(t.getAllowedAddressesList()).addAllInboundNumbers(t.getAllowedNumbersList())
                        .setInboundUsername(t.getAuthUsername()).setInboundPassword(t.getAuthPassword()).build());
            }
            for (var t : after(outbound, page)) {
                items.put(t.getSipTrunkId(), SIPTrunkInfo.newBuilder().setSipTrunkId(t.getSipTrunkId())
                        .setKind(SIPTrunkInfo.TrunkKind.TRUNK_OUTBOUND).setName(t.getName()).setMetadata(t.getMetadata())
                        .setOutboundAddress(t.getAddress()).setTransport(t.getTransport())
                        .setOutboundNumber(t.getNumbersCount() == 0 ? "" : t.getNumbers(0))
                        .setOutboundUsername(t.getAuthUsername()).setOutboundPassword(t.getAuthPassword()).build());
            }
            return livekit.LivekitSip.ListSIPTrunkResponse.newBuilder().addAllItems(items.values()).build();
        }
    }

    /** Deletes from every trunk table; an unknown id is no error (redisstore_sip.go DeleteSIPTrunk: HDel). */
    SIPTrunkInfo deleteTrunk(DeleteSIPTrunkRequest request) {
        if (request.getSipTrunkId().isEmpty()) {
            throw invalid("trunk ID is required");
        }
        synchronized (state) {
            inbound.remove(request.getSipTrunkId());
            outbound.remove(request.getSipTrunkId());
            return SIPTrunkInfo.newBuilder().setSipTrunkId(request.getSipTrunkId()).build();
        }
    }

    // Dispatch rules

    SIPDispatchRuleInfo createRule(CreateSIPDispatchRuleRequest request) {
        SIPDispatchRuleInfo info;
        if (request.hasDispatchRule()) {
            info = request.getDispatchRule();
            if (!info.getSipDispatchRuleId().isEmpty()) {
                throw EmulatorException.invalidArgument("rule id must not be set");
            }
        } else {
            // The deprecated fields (protocol livekit/sip.go CreateSIPDispatchRuleRequest.DispatchRuleInfo).
            var legacy = SIPDispatchRuleInfo.newBuilder().addAllTrunkIds(request.getTrunkIdsList())
                    .addAllInboundNumbers(request.getInboundNumbersList()).setHidePhoneNumber(request.getHidePhoneNumber())
                    .setName(request.getName()).setMetadata(request.getMetadata()).putAllAttributes(request.getAttributesMap())
                    .setRoomPreset(request.getRoomPreset());
            if (request.hasRule()) {
                legacy.setRule(request.getRule());
            }
            if (request.hasRoomConfig()) {
                legacy.setRoomConfig(request.getRoomConfig());
            }
            info = legacy.build();
        }
        validateRule(info);
        synchronized (state) {
            var all = new ArrayList<>(rules.values());
            all.add(info);
            validateRules(all);
            var created = info.toBuilder().setSipDispatchRuleId("SDR_" + Ids.random(12)).build();
            rules.put(created.getSipDispatchRuleId(), created);
            return created;
        }
    }

    SIPDispatchRuleInfo updateRule(livekit.LivekitSip.UpdateSIPDispatchRuleRequest request) {
        var id = request.getSipDispatchRuleId();
        if (id.isEmpty()) {
            throw EmulatorException.invalidArgument("rule id must be set");
        }
        switch (request.getActionCase()) {
            case REPLACE -> {
                var replace = request.getReplace();
                if (!replace.getSipDispatchRuleId().isEmpty() && !replace.getSipDispatchRuleId().equals(id)) {
                    throw EmulatorException.invalidArgument("rule id in the info must be empty or match the id in the update");
                }
                validateRule(replace);
            }
            case UPDATE -> validateListUpdates(request.getUpdate().hasTrunkIds() ? request.getUpdate().getTrunkIds() : null);
            default -> throw EmulatorException.invalidArgument("missing or unsupported update action");
        }
        synchronized (state) {
            var current = rules.get(id);
            if (current == null) {
                throw EmulatorException.notFound("requested sip dispatch rule does not exist");
            }
            SIPDispatchRuleInfo updated;
            if (request.getActionCase() == livekit.LivekitSip.UpdateSIPDispatchRuleRequest.ActionCase.REPLACE) {
                updated = request.getReplace().toBuilder().setSipDispatchRuleId(id).build();
            } else {
                var diff = request.getUpdate();
                var builder = current.toBuilder();
                if (diff.hasTrunkIds()) {
                    builder.clearTrunkIds().addAllTrunkIds(apply(current.getTrunkIdsList(), diff.getTrunkIds()));
                }
                if (diff.hasRule()) {
                    builder.setRule(diff.getRule());
                }
                if (diff.hasName()) {
                    builder.setName(diff.getName());
                }
                if (diff.hasMetadata()) {
                    builder.setMetadata(diff.getMetadata());
                }
                diff.getAttributesMap().forEach((key, value) -> {
                    if (value.isEmpty()) {
                        builder.removeAttributes(key);
                    } else {
                        builder.putAttributes(key, value);
                    }
                });
                if (diff.hasMediaEncryption()) {
                    builder.setMediaEncryption(diff.getMediaEncryption());
                }
                updated = builder.build();
                validateRule(updated);
            }
            var all = new ArrayList<SIPDispatchRuleInfo>();
            rules.values().forEach(r -> all.add(r.getSipDispatchRuleId().equals(id) ? updated : r));
            validateRules(all);
            rules.put(id, updated);
            return updated;
        }
    }

    ListSIPDispatchRuleResponse listRules(ListSIPDispatchRuleRequest request) {
        synchronized (state) {
            var items = after(rules, request.hasPage() ? request.getPage() : null).stream()
                    .filter(r -> request.getDispatchRuleIdsCount() == 0
                            || request.getDispatchRuleIdsList().contains(r.getSipDispatchRuleId()))
                    .filter(r -> request.getTrunkIdsCount() == 0 || r.getTrunkIdsCount() == 0
                            || r.getTrunkIdsList().stream().anyMatch(request.getTrunkIdsList()::contains))
                    .toList();
            return ListSIPDispatchRuleResponse.newBuilder().addAllItems(items).build();
        }
    }

    SIPDispatchRuleInfo deleteRule(DeleteSIPDispatchRuleRequest request) {
        if (request.getSipDispatchRuleId().isEmpty()) {
            throw EmulatorException.invalidArgument("dispatch rule ID is required");
        }
        synchronized (state) {
            var removed = rules.remove(request.getSipDispatchRuleId());
            if (removed == null) {
                throw EmulatorException.notFound("requested sip dispatch rule does not exist");
            }
            return removed;
        }
    }

    // Calls

    /**
     * CreateSIPParticipant: protocol ValidateResult, the trunk, then the SIP service (livekit/sip pkg/sip/client.go
     * createSIPParticipant): the participant joins "dialing" and the answer comes at once, or, with
     * wait_until_answered, once the callee answers or the INVITE fails.
     */
    SIPParticipantInfo createParticipant(CreateSIPParticipantRequest request) {
        if (request.getSipTrunkId().isEmpty() && !request.hasTrunk() && request.getSipNumber().isEmpty()) {
            throw EmulatorException.invalidArgument("missing sip trunk id and sip number");
        }
        if (request.getSipCallTo().isEmpty()) {
            throw EmulatorException.invalidArgument("missing sip callee number");
        }
        if (request.getSipCallTo().contains("@")) {
            throw EmulatorException.invalidArgument("SipCallTo should be a phone number or SIP user, not a full SIP URI");
        }
        if (request.getRoomName().isEmpty()) {
            throw EmulatorException.invalidArgument("missing room name");
        }
        SIPOutboundTrunkInfo trunk = null;
        if (!request.getSipTrunkId().isEmpty()) {
            synchronized (state) {
                trunk = outbound.get(request.getSipTrunkId());
            }
            if (trunk == null) {
                throw EmulatorException.notFound("requested sip trunk does not exist");
            }
        }
        var number = request.getSipNumber();
        if (number.isEmpty()) {
            if (trunk == null || trunk.getNumbersCount() == 0) {
                throw EmulatorException.failedPrecondition(PSRPC_PREFIX + "no numbers on outbound trunk");
            }
            number = trunk.getNumbers(java.util.concurrent.ThreadLocalRandom.current().nextInt(trunk.getNumbersCount()));
        }
        requireService();
        var callId = "SCL_" + Ids.random(12);
        var attributes = new LinkedHashMap<>(request.getParticipantAttributesMap());
        attributes.put(CALL_ID, callId);
        attributes.put(TRUNK_ID, trunk != null ? trunk.getSipTrunkId() : request.getSipTrunkId());
        if (!request.getHidePhoneNumber()) {
            attributes.put(PHONE_NUMBER, request.getSipCallTo());
            attributes.put(HOSTNAME, trunk != null ? trunk.getAddress() : request.getTrunk().getHostname());
            attributes.put(TRUNK_NUMBER, number);
        }
        attributes.put(CALL_STATUS, "dialing");
        var identity = request.getParticipantIdentity().isEmpty() ? "sip_" + request.getSipCallTo() : request.getParticipantIdentity();
        var wait = request.getWaitUntilAnswered();
        var serverTimeout = wait ? WAITED_CALL_TIMEOUT : CALL_TIMEOUT;
        var ringing = request.hasRingingTimeout() && (request.getRingingTimeout().getSeconds() > 0 || request.getRingingTimeout().getNanos() > 0)
                ? Duration.ofSeconds(request.getRingingTimeout().getSeconds(), request.getRingingTimeout().getNanos())
                : DEFAULT_RINGING_TIMEOUT;
        Callee callee;
        Duration answerAfter;
        synchronized (this) {
            callee = nextCallee;
            answerAfter = nextAnswerAfter == null ? timings.answerAfter() : nextAnswerAfter;
            nextCallee = Callee.ANSWER;
            nextAnswerAfter = null;
        }
        Call call;
        synchronized (state) {
            var joined = state.addParticipant(request.getRoomName(), new ParticipantSpec(identity, request.getParticipantName(),
                    ParticipantInfo.Kind.SIP, request.getParticipantMetadata(), attributes,
                    List.of(new TrackSpec(TrackType.AUDIO, TrackSource.MICROPHONE, false))), sipPermission());
            call = new Call(callId, request.getRoomName(), identity, joined.getSid(), new CompletableFuture<>());
            calls.put(callId, call);
            callStatus.put(callId, "dialing");
        }
        dial(call, callee, answerAfter, ringing);
        var info = SIPParticipantInfo.newBuilder().setParticipantId(call.sid()).setParticipantIdentity(identity)
                .setRoomName(request.getRoomName()).setSipCallId(callId).build();
        if (!wait) {
            return info;
        }
        try {
            call.answered().get(serverTimeout.toMillis(), TimeUnit.MILLISECONDS);
            return info;
        } catch (TimeoutException e) {
            throw EmulatorException.requestTimedOut();
        } catch (ExecutionException e) {
            throw (EmulatorException) e.getCause();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw EmulatorException.requestTimedOut();
        }
    }

    /** The INVITE: 180 Ringing after ringAfter, then 200 OK, 486 Busy Here, or nothing until the ringing timeout. */
    private void dial(Call call, Callee callee, Duration answerAfter, Duration ringingTimeout) {
        var t = timings;
        later.schedule(() -> setStatus(call, "ringing"), t.ringAfter().toMillis(), TimeUnit.MILLISECONDS);
        switch (callee) {
            case ANSWER -> later.schedule(() -> {
                if (setStatus(call, "active")) {
                    call.answered().complete(null);
                }
            }, t.ringAfter().plus(answerAfter).toMillis(), TimeUnit.MILLISECONDS);
            case BUSY -> later.schedule(() -> fail(call, DisconnectReason.USER_REJECTED, sipFailure("INVITE failed: ",
                    new SipStatus(486, "Busy Here"))), t.ringAfter().plus(answerAfter).toMillis(), TimeUnit.MILLISECONDS);
            case NO_ANSWER -> later.schedule(() -> fail(call, DisconnectReason.USER_UNAVAILABLE,
                    new EmulatorException("canceled", 408, PSRPC_PREFIX + "sip request timed out")),
                    ringingTimeout.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void fail(Call call, DisconnectReason reason, EmulatorException error) {
        synchronized (state) {
            if (calls.remove(call.callId()) != null && current(call)) {
                state.removeParticipant(call.room(), call.identity(), reason);
            }
            callStatus.remove(call.callId());
        }
        call.answered().completeExceptionally(error);
    }

    /** Sets sip.callStatus while the call's participant is still the one in the room; false when it is gone. */
    private boolean setStatus(Call call, String status) {
        synchronized (state) {
            if (!calls.containsKey(call.callId()) || !current(call)) {
                calls.remove(call.callId());
                call.answered().completeExceptionally(EmulatorException.requestTimedOut());
                return false;
            }
            if ("active".equals(callStatus.get(call.callId())) && !"hangup".equals(status)) {
                return true;
            }
            callStatus.put(call.callId(), status);
            state.updateParticipant(UpdateParticipantRequest.newBuilder().setRoom(call.room()).setIdentity(call.identity())
                    .putAttributes(CALL_STATUS, status).build());
            return true;
        }
    }

    private boolean current(Call call) {
        return state.participant(call.room(), call.identity()).map(p -> p.getSid().equals(call.sid())).orElse(false);
    }

    /** The callee hangs up (BYE): sip.callStatus "hangup", then the participant leaves (CLIENT_INITIATED). */
    public boolean hangUp(String room, String identity) {
        synchronized (state) {
            var call = calls.values().stream().filter(c -> c.room().equals(room) && c.identity().equals(identity)).findFirst();
            if (call.isEmpty() || !setStatus(call.get(), "hangup")) {
                return false;
            }
            calls.remove(call.get().callId());
            callStatus.remove(call.get().callId());
            state.removeParticipant(room, identity, DisconnectReason.CLIENT_INITIATED);
            return true;
        }
    }

    /**
     * TransferSIPParticipant (livekit pkg/service/sip.go transferSIPParticipantRequest, then livekit/sip
     * service.go / outbound.go transferCall): the caller has checked the grants.
     */
    Message transfer(TransferSIPParticipantRequest request, boolean withoutRedis) {
        if (request.getTransferTo().isEmpty()) {
            throw EmulatorException.invalidArgument("missing transfer to");
        }
        var to = request.getTransferTo();
        var inner = to.startsWith("<") && to.endsWith(">") ? to.substring(1, to.length() - 1) : to;
        if (!inner.startsWith("sip:") && !inner.startsWith("sips:") && !inner.startsWith("tel:")) {
            throw EmulatorException.invalidArgument("transfer_to must be a valid SIP(s) or TEL URI (sip:, sips: or tel:)");
        }
        // ValidateResult sends a sip: URI as <sip:…> and a tel: one bare.
        var target = inner.startsWith("tel:") ? inner : "<" + inner + ">";
        var participant = state.participant(request.getRoomName(), request.getParticipantIdentity())
                .orElseThrow(() -> EmulatorException.notFound(PSRPC_PREFIX + "participant does not exist"));
        var callId = participant.getAttributesMap().get(CALL_ID);
        if (callId == null) {
            throw EmulatorException.invalidArgument(PSRPC_PREFIX + "no SIP session associated with participant");
        }
        Call found;
        synchronized (state) {
            found = calls.get(callId);
            if (found != null && !current(found)) {
                // Its participant was removed or replaced: the bridge has hung up that call.
                calls.remove(callId);
                callStatus.remove(callId);
                found = null;
            }
        }
        var call = found;
        if (!serviceConnected || withoutRedis || call == null) {
            // The REFER goes to the call id's topic: no SIP service, or none that knows the call, claims it.
            sleep(timings.noServiceWait());
            throw EmulatorException.noResponse();
        }
        CompletableFuture<Void> pending;
        var mine = false;
        synchronized (state) {
            if (!"active".equals(callStatus.get(callId))) {
                throw EmulatorException.failedPrecondition(PSRPC_PREFIX + "can't transfer non established call");
            }
            var current = transfers.get(callId);
            if (current != null && !current.to().equals(target)) {
                throw EmulatorException.invalidArgument(PSRPC_PREFIX + "call already being transferred elsewhere");
            }
            if (current == null) {
                current = new Transfer(target, new CompletableFuture<>());
                transfers.put(callId, current);
                mine = true;
            }
            pending = current.done();
        }
        if (mine) {
            SipStatus failure;
            synchronized (this) {
                failure = nextTransferFailure;
                nextTransferFailure = null;
            }
            sleep(timings.transferAfter());
            synchronized (state) {
                transfers.remove(callId);
            }
            if (failure != null) {
                pending.completeExceptionally(sipFailure("call transfer failed: ", failure));
            } else {
                pending.complete(null);
                later.schedule(() -> hangUpAfterTransfer(call), timings.hangupAfter().toMillis(), TimeUnit.MILLISECONDS);
            }
        }
        try {
            pending.get();
        } catch (ExecutionException e) {
            throw (EmulatorException) e.getCause();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw EmulatorException.requestTimedOut();
        }
        return Empty.getDefaultInstance();
    }

    /** Whether a transfer of this call is under way (tests). */
    boolean transferring(String callId) {
        synchronized (state) {
            return transfers.containsKey(callId);
        }
    }

    private void hangUpAfterTransfer(Call call) {
        synchronized (state) {
            if (current(call) && setStatus(call, "hangup")) {
                state.removeParticipant(call.room(), call.identity(), DisconnectReason.CLIENT_INITIATED);
            }
            calls.remove(call.callId());
            callStatus.remove(call.callId());
        }
    }

    /**
     * An inbound call (livekit pkg/service/ioservice_sip.go EvaluateSIPDispatchRules, protocol sip/sip.go
     * MatchTrunkDetailed, MatchDispatchRuleIter, EvaluateDispatchRule): the trunk of the called number (or none),
     * the best rule for it, and the caller joins the rule's room ("ringing", then "active"; "active" at once after a
     * PIN), the room created with the rule's room_config (its agents dispatched). {@code pin}: what the caller typed.
     */
    public ParticipantInfo inboundCall(String from, String to, String pin) {
        if (from == null || from.isEmpty() || to == null || to.isEmpty()) {
            throw new IllegalArgumentException("from and to are required");
        }
        var sentPin = pin == null ? "" : pin;
        SIPInboundTrunkInfo trunk;
        SIPDispatchRuleInfo rule;
        synchronized (state) {
            trunk = matchTrunk(from, to);
            rule = matchRule(trunk, from, to, sentPin);
        }
        var rulePin = pin(rule);
        if (!rulePin.isEmpty() && sentPin.isEmpty()) {
            // EvaluateDispatchRule answers REQUEST_PIN: the SIP service prompts the caller, who has typed nothing yet.
            throw new EmulatorException("failed_precondition", 412, "the dispatch rule " + rule.getSipDispatchRuleId()
                    + " asks the caller for a PIN: call again with \"pin\"");
        }
        var trunkId = trunk == null ? "" : trunk.getSipTrunkId();
        var attributes = new LinkedHashMap<>(rule.getAttributesMap());
        var callId = "SCL_" + Ids.random(12);
        attributes.put(CALL_ID, callId);
        attributes.put(TRUNK_ID, trunkId);
        var fromName = "Phone " + from;
        var fromId = "sip_" + from;
        if (rule.getHidePhoneNumber()) {
            fromId = "sip_" + HexFormat.of().formatHex(sha256(from), 0, 8);
            var shown = from.length() <= 4 ? 1 : 4;
            fromName = "Phone " + from.substring(from.length() - shown);
        } else {
            attributes.put(PHONE_NUMBER, from);
            attributes.put(HOSTNAME, "");
            attributes.put(TRUNK_NUMBER, to);
        }
        var room = switch (rule.getRule().getRuleCase()) {
            case DISPATCH_RULE_INDIVIDUAL -> {
                var r = rule.getRule().getDispatchRuleIndividual();
                var shownFrom = fromName.substring("Phone ".length());
                var name = r.getRoomPrefix().isEmpty() ? shownFrom : r.getRoomPrefix() + "_" + shownFrom;
                yield r.getNoRandomness() ? name : name + "_" + Ids.random(12);
            }
            case DISPATCH_RULE_CALLEE -> {
                var r = rule.getRule().getDispatchRuleCallee();
                var name = r.getRoomPrefix().isEmpty() ? to : r.getRoomPrefix() + "_" + to;
                yield r.getRandomize() ? name + "_" + Ids.random(12) : name;
            }
            default -> rule.getRule().getDispatchRuleDirect().getRoomName();
        };
        attributes.put(RULE_ID, rule.getSipDispatchRuleId());
        attributes.put(CALL_STATUS, rulePin.isEmpty() ? "ringing" : "active");
        synchronized (state) {
            if (state.room(room).isEmpty()) {
                var config = rule.getRoomConfig();
                state.createRoom(CreateRoomRequest.newBuilder().setName(room).setEmptyTimeout(config.getEmptyTimeout())
                        .setDepartureTimeout(config.getDepartureTimeout()).setMaxParticipants(config.getMaxParticipants())
                        .setMetadata(config.getMetadata()).addAllAgents(config.getAgentsList()).build());
            }
            var joined = state.addParticipant(room, new ParticipantSpec(fromId, fromName, ParticipantInfo.Kind.SIP,
                    rule.getMetadata(), attributes, List.of(new TrackSpec(TrackType.AUDIO, TrackSource.MICROPHONE, false))),
                    sipPermission());
            var call = new Call(callId, room, fromId, joined.getSid(), CompletableFuture.completedFuture(null));
            calls.put(callId, call);
            callStatus.put(callId, rulePin.isEmpty() ? "ringing" : "active");
            setStatus(call, "active");
            return state.participant(room, fromId).orElse(joined);
        }
    }

    /**
     * MatchTrunkDetailed over the trunks listed for the called number: allowed_numbers must hold the caller; one trunk
     * naming the number wins, else the one trunk without numbers; none is no error (only wildcard rules apply then).
     * The simulated caller has no source address, so a trunk limited by allowed_addresses never matches.
     */
    private SIPInboundTrunkInfo matchTrunk(String from, String to) {
        SIPInboundTrunkInfo specific = null;
        var defaults = new ArrayList<SIPInboundTrunkInfo>();
        var calledNorm = normalize(to);
        for (var trunk : listInbound(ListSIPInboundTrunkRequest.newBuilder().addNumbers(to).build()).getItemsList()) {
            if (!matchNumbers(from, trunk.getAllowedNumbersList()) || trunk.getAllowedAddressesCount() != 0) {
                continue;
            }
            if (trunk.getNumbersCount() == 0) {
                defaults.add(trunk);
                continue;
            }
            if (trunk.getNumbersList().stream().anyMatch(n -> n.equals(to) || normalize(n).equals(calledNorm))) {
                if (specific != null) {
                    throw EmulatorException.failedPrecondition("Multiple SIP Trunks matched for " + quote(to));
                }
                specific = trunk;
            }
        }
        if (specific != null) {
            return specific;
        }
        if (defaults.size() > 1) {
            throw EmulatorException.failedPrecondition("Multiple default SIP Trunks matched for " + quote(to));
        }
        return defaults.isEmpty() ? null : defaults.get(0);
    }

    private static boolean matchNumbers(String number, List<String> allowed) {
        return allowed.isEmpty() || allowed.stream().anyMatch(a -> a.equals(number) || normalize(a).equals(normalize(number)));
    }

    /**
     * MatchDispatchRuleIter over the rules listed for the trunk: inbound_numbers and numbers compared exactly, the PIN
     * filter, then the best rule naming the trunk, else the best wildcard one (DispatchRulePriority, then room name).
     * Nothing left: the call is dropped (ErrNoDispatchMatched; with no candidate at all its text is "No SIP Dispatch
     * Rules defined").
     */
    private SIPDispatchRuleInfo matchRule(SIPInboundTrunkInfo trunk, String from, String to, String sentPin) {
        var listed = listRules(trunk == null ? ListSIPDispatchRuleRequest.getDefaultInstance()
                : ListSIPDispatchRuleRequest.newBuilder().addTrunkIds(trunk.getSipTrunkId()).build()).getItemsList();
        SIPDispatchRuleInfo specific = null;
        SIPDispatchRuleInfo wildcard = null;
        for (var rule : listed) {
            if (rule.getInboundNumbersCount() != 0 && !rule.getInboundNumbersList().contains(from)) {
                continue;
            }
            if (rule.getNumbersCount() != 0 && !rule.getNumbersList().contains(to)) {
                continue;
            }
            var rulePin = pin(rule);
            if (!sentPin.isEmpty() && !sentPin.equals(rulePin)) {
                continue;
            }
            if (rule.getTrunkIdsCount() == 0) {
                wildcard = wildcard == null || higher(rule, wildcard) ? rule : wildcard;
            } else if (trunk != null && rule.getTrunkIdsList().contains(trunk.getSipTrunkId())) {
                specific = specific == null || higher(rule, specific) ? rule : specific;
            }
        }
        if (specific == null && wildcard == null) {
            throw EmulatorException.notFound("No SIP Dispatch Rules defined");
        }
        return specific != null ? specific : wildcard;
    }

    private static boolean higher(SIPDispatchRuleInfo a, SIPDispatchRuleInfo b) {
        var pa = priority(a);
        var pb = priority(b);
        return pa != pb ? pa < pb : roomOf(a).compareTo(roomOf(b)) < 0;
    }

    /** protocol sip/sip.go DispatchRulePriority: lower first; PIN rules first, then direct, individual, callee. */
    private static int priority(SIPDispatchRuleInfo info) {
        var open = pin(info).isEmpty() ? 100 : 0;
        var priority = switch (info.getRule().getRuleCase()) {
            case DISPATCH_RULE_DIRECT -> open;
            case DISPATCH_RULE_INDIVIDUAL -> open + 1;
            case DISPATCH_RULE_CALLEE -> open + 2;
            default -> Integer.MAX_VALUE - 2000;
        };
        if (info.getInboundNumbersCount() == 0) {
            priority += 1000;
        }
        if (info.getNumbersCount() == 0) {
            priority += 1000;
        }
        return priority;
    }

    private static String roomOf(SIPDispatchRuleInfo info) {
        var r = info.getRule();
        return switch (r.getRuleCase()) {
            case DISPATCH_RULE_DIRECT -> r.getDispatchRuleDirect().getRoomName();
            case DISPATCH_RULE_INDIVIDUAL -> r.getDispatchRuleIndividual().getRoomPrefix();
            case DISPATCH_RULE_CALLEE -> r.getDispatchRuleCallee().getRoomPrefix();
            default -> "";
        };
    }

    // Validation

    private static void validateInbound(SIPInboundTrunkInfo trunk) {
        var auth = !trunk.getAuthUsername().isEmpty() || !trunk.getAuthPassword().isEmpty();
        if (!auth && trunk.getAllowedAddressesCount() == 0 && trunk.getNumbersCount() == 0) {
            // A psrpc error inside a Twirp InvalidArgument: its text only.
            throw EmulatorException.invalidArgument(
                    "for security, one of the fields must be set: AuthUsername+AuthPassword, AllowedAddresses or Numbers");
        }
    }

    private static void validateOutbound(SIPOutboundTrunkInfo trunk) {
        if (trunk.getNumbersCount() == 0) {
            throw invalid("no trunk numbers specified");
        }
        if (trunk.getAddress().isEmpty()) {
            throw invalid("no outbound address specified");
        }
        validateHostname(trunk.getAddress(), "trunk address");
        validateHostname(trunk.getFromHost(), "from_host");
    }

    private static void validateHostname(String value, String field) {
        if (value.contains("transport=")) {
            throw invalid(field + " should not contain transport parameter");
        }
        if (value.startsWith("sip:") || value.startsWith("sips:")) {
            throw invalid(field + " should be a hostname or IP, not SIP URI");
        }
    }

    private static void validateRule(SIPDispatchRuleInfo info) {
        if (!info.hasRule()) {
            throw EmulatorException.invalidArgument("missing rule");
        }
    }

    private static void validateListUpdates(ListUpdate... updates) {
        for (var update : updates) {
            if (update == null) {
                continue;
            }
            var change = update.getSetCount() + update.getAddCount() + update.getRemoveCount() > 0;
            if (!update.getClear() && !change) {
                throw invalid("unsupported list update operation");
            }
            if (update.getClear() && change) {
                throw invalid("cannot clear and change the list at the same time");
            }
            if (update.getSetCount() > 0 && update.getAddCount() + update.getRemoveCount() > 0) {
                throw invalid("cannot set and change the list at the same time");
            }
            var all = new ArrayList<>(update.getSetList());
            all.addAll(update.getAddList());
            all.addAll(update.getRemoveList());
            if (all.contains("")) {
                throw invalid("empty element in the list");
            }
        }
    }

    /** protocol livekit/types.go applyListUpdate. */
    private static List<String> apply(List<String> current, ListUpdate update) {
        if (update.getClear()) {
            return List.of();
        }
        if (update.getSetCount() > 0) {
            return update.getSetList();
        }
        var list = new ArrayList<>(current);
        update.getRemoveList().forEach(list::remove);
        update.getAddList().stream().filter(v -> !list.contains(v)).forEach(list::add);
        return list;
    }

    /** protocol sip/sip.go ValidateTrunksIter: two trunks sharing a number without AllowedNumbers conflict. */
    private static void validateTrunks(List<SIPInboundTrunkInfo> trunks) {
        var byNumber = new HashMap<String, Map<String, SIPInboundTrunkInfo>>();
        for (var trunk : trunks) {
            var keys = trunk.getNumbersCount() == 0 ? List.of("") : trunk.getNumbersList().stream().map(Sips::normalize).distinct().toList();
            for (var key : keys) {
                var byInbound = byNumber.computeIfAbsent(key, k -> new HashMap<>());
                if (trunk.getAllowedNumbersCount() == 0) {
                    var other = byInbound.get("");
                    if (other != null && !other.getSipTrunkId().equals(trunk.getSipTrunkId())) {
                        throw EmulatorException.invalidArgument("Conflicting inbound SIP Trunks: " + quote(printId(trunk)) + " and "
                                + quote(printId(other)) + ", using the same number(s) " + numbers(trunk.getNumbersList())
                                + " without AllowedNumbers set");
                    }
                    byInbound.put("", trunk);
                } else {
                    for (var allowed : trunk.getAllowedNumbersList()) {
                        var other = byInbound.get(normalize(allowed));
                        if (other != null && !other.getSipTrunkId().equals(trunk.getSipTrunkId())) {
                            throw EmulatorException.invalidArgument("Conflicting inbound SIP Trunks: " + quote(printId(trunk)) + " and "
                                    + quote(printId(other)) + ", using the same number(s) " + numbers(trunk.getNumbersList())
                                    + " and AllowedNumber " + quote(allowed));
                        }
                        byInbound.put(normalize(allowed), trunk);
                    }
                }
            }
        }
    }

    /** protocol sip/sip.go DispatchRuleValidator: one rule per trunk, inbound number, number and PIN. */
    private static void validateRules(List<SIPDispatchRuleInfo> all) {
        var seen = new HashMap<String, SIPDispatchRuleInfo>();
        for (var rule : all) {
            var trunks = rule.getTrunkIdsCount() == 0 ? List.of("") : rule.getTrunkIdsList();
            var inboundNumbers = rule.getInboundNumbersCount() == 0 ? List.of("") : rule.getInboundNumbersList();
            var numbers = rule.getNumbersCount() == 0 ? List.of("") : rule.getNumbersList();
            for (var trunk : trunks) {
                for (var inboundNumber : inboundNumbers) {
                    for (var number : numbers) {
                        var key = pin(rule) + "\u0000" + trunk + "\u0000" + normalize(number) + "\u0000" + normalize(inboundNumber);
                        var other = seen.get(key);
                        if (other != null) {
                            throw EmulatorException.invalidArgument(
                                    "Dispatch rule for the same trunk, inbound number, number, and PIN combination already exists in dispatch rule "
                                            + quote(other.getSipDispatchRuleId().isEmpty() ? "<new>" : other.getSipDispatchRuleId()) + " "
                                            + quote(other.getName().isEmpty() ? "<blank name>" : other.getName()));
                        }
                        seen.put(key, rule);
                    }
                }
            }
        }
    }

    private static String pin(SIPDispatchRuleInfo rule) {
        var r = rule.getRule();
        return switch (r.getRuleCase()) {
            case DISPATCH_RULE_DIRECT -> r.getDispatchRuleDirect().getPin();
            case DISPATCH_RULE_INDIVIDUAL -> r.getDispatchRuleIndividual().getPin();
            case DISPATCH_RULE_CALLEE -> r.getDispatchRuleCallee().getPin();
            default -> "";
        };
    }

    /** protocol livekit/sip.go NormalizeNumber. */
    static String normalize(String number) {
        if (number.isEmpty() || !NUMBER.matcher(number).matches()) {
            return number;
        }
        var digits = number.replace(" ", "").replace("-", "").replace("(", "").replace(")", "");
        return digits.startsWith("+") ? digits : "+" + digits;
    }

    private static String printId(SIPInboundTrunkInfo trunk) {
        return trunk.getSipTrunkId().isEmpty() ? "<new>" : trunk.getSipTrunkId();
    }

    /** Go's %q of a string (the texts here are plain). */
    private static String quote(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** Go's %q of a []string, or "<any>" (protocol sip/sip.go printNumbers). */
    private static String numbers(List<String> numbers) {
        if (numbers.isEmpty()) {
            return "<any>";
        }
        return "[" + String.join(" ", numbers.stream().map(Sips::quote).toList()) + "]";
    }

    private static <T extends Message> List<T> after(TreeMap<String, T> items, Pagination page) {
        if (page == null || page.getAfterId().isEmpty()) {
            return List.copyOf(items.values());
        }
        return List.copyOf(items.tailMap(page.getAfterId(), false).values());
    }

    private static ParticipantPermission sipPermission() {
        // protocol sip/token.go BuildSIPToken.
        return ParticipantPermission.newBuilder().setCanSubscribe(true).setCanPublish(true).setCanPublishData(true)
                .setCanUpdateMetadata(true).build();
    }

    private void requireService() {
        if (!serviceConnected) {
            sleep(timings.noServiceWait());
            throw EmulatorException.noResponse();
        }
    }

    /**
     * A livekit.SIPStatus error through psrpc and xtwirp.ToError: the code SIPStatus.GRPCStatus maps it to, the wrapped
     * text after "twirp error unknown: ", meta sip_status_code, sip_status and error_details (protocol livekit/sip.go).
     */
    static EmulatorException sipFailure(String wrap, SipStatus status) {
        var text = status.status().isEmpty() ? "sip status: " + status.code() : "sip status: " + status.code() + ": " + status.status();
        var code = grpcCode(status.code());
        var sipStatus = livekit.LivekitSip.SIPStatus.newBuilder().setCodeValue(status.code()).setStatus(status.status()).build();
        var details = statusProto(code.grpc(), wrap + text, com.google.protobuf.Any.pack(sipStatus));
        var meta = Map.of("sip_status_code", Integer.toString(status.code()),
                "sip_status", status.status().isEmpty() ? sipStatus.getCode().name() : status.status(),
                "error_details", java.util.Base64.getEncoder().encodeToString(details.toByteArray()));
        return new EmulatorException(code.twirp(), code.http(), PSRPC_PREFIX + wrap + text, meta);
    }

    /** A google.rpc.Status {code = 1, message = 2, details = 3} as xtwirp.WithDetailsFromStatus encodes it. */
    private static com.google.protobuf.ByteString statusProto(int code, String message, com.google.protobuf.Any detail) {
        var bytes = new java.io.ByteArrayOutputStream();
        var out = com.google.protobuf.CodedOutputStream.newInstance(bytes);
        try {
            out.writeInt32(1, code);
            out.writeString(2, message);
            out.writeMessage(3, detail);
            out.flush();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return com.google.protobuf.ByteString.copyFrom(bytes.toByteArray());
    }

    private record Code(String twirp, int http, int grpc) {
    }

    /** protocol livekit/sip.go sipCodeToGRPCCode (the common codes) and its fallbacks by class. */
    private static Code grpcCode(int sip) {
        return switch (sip) {
            case 401, 402, 403, 433, 470, 603, 607, 608 -> new Code("permission_denied", 403, 7);
            case 301, 302, 404, 410, 481, 604 -> new Code("not_found", 404, 5);
            case 407, 428, 436, 437, 438, 494 -> new Code("unauthenticated", 401, 16);
            case 408, 504 -> new Code("deadline_exceeded", 408, 4);
            case 486, 480, 440, 600 -> new Code("resource_exhausted", 429, 8);
            case 487, 491 -> new Code("aborted", 409, 10);
            case 416 -> new Code("out_of_range", 400, 11);
            case 409, 412, 482, 483, 500, 501, 502, 503 -> new Code("failed_precondition", 412, 9);
            case 505, 513 -> new Code("invalid_argument", 400, 3);
            default -> sip < 500 || sip >= 600 ? new Code("invalid_argument", 400, 3) : new Code("failed_precondition", 412, 9);
        };
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static EmulatorException invalid(String message) {
        return EmulatorException.invalidArgument(message);
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
