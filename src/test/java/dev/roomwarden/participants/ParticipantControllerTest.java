package dev.roomwarden.participants;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

import dev.roomwarden.agents.AgentActions;
import dev.roomwarden.SliceTestConfiguration;
import dev.roomwarden.livekit.ActionOutcome;
import dev.roomwarden.livekit.LiveKitException;
import dev.roomwarden.livekit.LiveKitFailure;
import dev.roomwarden.livekit.LiveKitGateway;
import dev.roomwarden.rooms.RoomPageModel;
import dev.roomwarden.web.Answers;
import livekit.LivekitModels.ParticipantInfo;
import livekit.LivekitModels.ParticipantPermission;
import livekit.LivekitModels.Room;
import livekit.LivekitModels.TrackInfo;
import livekit.LivekitModels.TrackSource;
import livekit.LivekitModels.TrackType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mockito.ArgumentCaptor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import static dev.roomwarden.Htmx.dialog;
import static dev.roomwarden.Htmx.errorPage;
import static dev.roomwarden.Htmx.fromConfirmation;
import static dev.roomwarden.Htmx.htmx;
import static dev.roomwarden.Htmx.page;
import static dev.roomwarden.Htmx.refusedInConfirmation;
import static dev.roomwarden.Htmx.refusedInMessageArea;
import static dev.roomwarden.Htmx.refusedRole;
import static dev.roomwarden.Htmx.roomPart;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasToString;
import static org.hamcrest.Matchers.not;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@WebMvcTest(ParticipantController.class)
@Import({SliceTestConfiguration.class, RoomPageModel.class, ParticipantActions.class, AgentActions.class, Answers.class})
class ParticipantControllerTest {

    @Autowired
    MockMvc mvc;

    @MockitoBean
    LiveKitGateway livekit;

    private void roomWithCustomerOnly() {
        when(livekit.findRoom("support-1")).thenReturn(Optional.of(Room.newBuilder().setName("support-1").setNumParticipants(1).build()));
        when(livekit.listParticipants("support-1")).thenReturn(List.of(ParticipantInfo.newBuilder()
                .setIdentity("customer-1").setKind(ParticipantInfo.Kind.STANDARD).build()));
    }

    @Test
    @WithMockUser(roles = "MODERATOR")
    void confirmationDialogNamesTheAgentAndTheRoom() throws Exception {
        mvc.perform(get("/rooms/support-1/participants/agent-ava/remove").param("kind", "AGENT").header("HX-Request", "true"))
                .andExpect(status().isOk())
                .andExpect(content().string(allOf(containsString("<dialog"), containsString("Remove agent"),
                        containsString("agent-ava"), containsString("support-1"), containsString("name=\"reason\""),
                        containsString("_csrf"), not(containsString("<html")))));
    }

    @Test
    @WithMockUser(roles = "MODERATOR")
    void withoutHtmxTheConfirmationIsAWholePage() throws Exception {
        mvc.perform(get("/rooms/support-1/participants/customer-1/remove"))
                .andExpect(status().isOk())
                .andExpect(content().string(allOf(containsString("<html"), containsString("Remove participant"))));
    }

    @Test
    @WithMockUser(roles = "MODERATOR")
    void removingFromTheRoomPageAnswersTheRefreshedRoomWithAMessageAndClosesTheDialog() throws Exception {
        when(livekit.removeParticipant("support-1", "agent-ava")).thenReturn(ActionOutcome.DONE);
        roomWithCustomerOnly();

        mvc.perform(post("/rooms/support-1/participants/agent-ava/remove").param("reason", "customer wants a human")
                        .with(csrf()).header("HX-Request", "true"))
                .andExpect(status().isOk())
                .andExpect(content().string(allOf(containsString("id=\"room-live\""), containsString("customer-1"),
                        not(containsString(">agent-ava<")), containsString("was removed from"),
                        containsString("id=\"flash\" aria-live=\"polite\" hx-swap-oob=\"true\""),
                        containsString("id=\"dialog\" hx-swap-oob=\"true\""), not(containsString("<html")))));
        verify(livekit).removeParticipant("support-1", "agent-ava");
    }

    @Test
    @WithMockUser(roles = "MODERATOR")
    void aParticipantWhoAlreadyLeftIsReportedAsAlreadyGone() throws Exception {
        when(livekit.removeParticipant("support-1", "customer-9")).thenReturn(ActionOutcome.ALREADY_GONE);
        roomWithCustomerOnly();

        mvc.perform(post("/rooms/support-1/participants/customer-9/remove").with(csrf()).header("HX-Request", "true"))
                .andExpect(content().string(containsString("had already left")));
    }

    @Test
    @WithMockUser(roles = "MODERATOR")
    void aLiveKitFailureIsShownAndNothingClaimsSuccess() throws Exception {
        when(livekit.removeParticipant("support-1", "customer-1")).thenThrow(new LiveKitException(
                LiveKitFailure.UNAUTHORIZED, null, "livekit.internal:7880", "RemoveParticipant", null));
        roomWithCustomerOnly();

        mvc.perform(post("/rooms/support-1/participants/customer-1/remove").with(csrf()).header("HX-Request", "true"))
                .andExpect(content().string(allOf(containsString("was not removed"), containsString("rejected Roomwarden"),
                        not(containsString("was removed from")))));
    }

    @Test
    @WithMockUser(roles = "MODERATOR")
    void withoutHtmxRemovingRedirectsBackToTheRoomWithTheMessage() throws Exception {
        when(livekit.removeParticipant("eu/support", "a b")).thenReturn(ActionOutcome.DONE);

        mvc.perform(post(URI.create("/rooms/eu%2Fsupport/participants/a%20b/remove")).with(csrf()))
                .andExpect(redirectedUrl("/rooms/eu%2Fsupport"))
                .andExpect(flash().attribute("flash", hasToString(containsString("“a b” was removed from “eu/support”"))));
    }

    @Test
    @WithMockUser(roles = "VIEWER")
    void viewerCannotRemoveAnyone() throws Exception {
        mvc.perform(post("/rooms/support-1/participants/customer-1/remove").with(csrf())).andExpect(status().isForbidden());
        mvc.perform(post("/rooms/support-1/participants/customer-1/remove").with(csrf()).header("HX-Request", "true"))
                .andExpect(status().isForbidden()).andExpect(header().string("HX-Retarget", "#flash"));
        mvc.perform(get("/rooms/support-1/participants/customer-1/remove")).andExpect(status().isForbidden());
        verify(livekit, never()).removeParticipant(anyString(), anyString());
    }

    @Test
    @WithMockUser(roles = "ADMIN")
    void adminMayRemoveThroughTheRoleHierarchy() throws Exception {
        when(livekit.removeParticipant("support-1", "customer-1")).thenReturn(ActionOutcome.DONE);

        mvc.perform(post("/rooms/support-1/participants/customer-1/remove").with(csrf()))
                .andExpect(redirectedUrl("/rooms/support-1"));
        verify(livekit).removeParticipant("support-1", "customer-1");
    }

    @Test
    @WithMockUser(roles = "MODERATOR")
    void removingWithoutCsrfTokenIsRefused() throws Exception {
        mvc.perform(post("/rooms/support-1/participants/customer-1/remove").header("HX-Request", "true"))
                .andExpect(status().isForbidden());
        verify(livekit, never()).removeParticipant(anyString(), anyString());
    }

    private static final String CUSTOMER = "/rooms/support-1/participants/customer-1";

    /** customer-1, speaking: a microphone track, a name, metadata and an attribute, allowed to publish only from the microphone. */
    private void roomWithCustomerSpeaking() {
        when(livekit.findRoom("support-1")).thenReturn(Optional.of(Room.newBuilder().setName("support-1").setNumParticipants(1).build()));
        when(livekit.listParticipants("support-1")).thenReturn(List.of(ParticipantInfo.newBuilder()
                .setIdentity("customer-1").setSid("PA_customer1").setName("Ann").setKind(ParticipantInfo.Kind.STANDARD)
                .setMetadata("{\"tier\":\"gold\"}").putAttributes("queue", "billing")
                .setPermission(ParticipantPermission.newBuilder().setCanSubscribe(true).setCanPublish(true)
                        .addCanPublishSources(TrackSource.MICROPHONE))
                .addTracks(TrackInfo.newBuilder().setSid("TR_mic1").setType(TrackType.AUDIO).setSource(TrackSource.MICROPHONE))
                .build()));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "/tracks/TR_mic1/mute   | Everyone in room",
            "/tracks/TR_mic1/unmute | room.enable_remote_unmute",
            "/silence               | refuses anything they publish",
            "/unsilence             | publish again",
            "/edit                  | value=\"Ann\"",
            "/permissions           | Hear and see the others"})
    @WithMockUser(roles = "MODERATOR")
    void eachConfirmationIsAPageOrADialog(String action, String text) throws Exception {
        roomWithCustomerSpeaking();

        mvc.perform(get(CUSTOMER + action)).andExpect(page(text));
        mvc.perform(get(CUSTOMER + action).param("sid", "PA_customer1").with(htmx()))
                .andExpect(dialog(text))
                .andExpect(content().string(allOf(containsString("name=\"sid\" value=\"PA_customer1\""), containsString("_csrf"))));
    }

    @Test
    @WithMockUser(roles = "MODERATOR")
    void theConfirmationsShowWhatLiveKitListsForTheParticipant() throws Exception {
        roomWithCustomerSpeaking();

        mvc.perform(get(CUSTOMER + "/tracks/TR_mic1/mute").with(htmx())).andExpect(content().string(containsString("the Microphone")));
        mvc.perform(get(CUSTOMER + "/edit").with(htmx())).andExpect(content().string(allOf(
                containsString("&quot;tier&quot; : &quot;gold&quot;"), containsString("queue = billing"))));
        mvc.perform(get(CUSTOMER + "/permissions").with(htmx())).andExpect(content().string(allOf(
                containsString("id=\"perm-subscribe\" name=\"subscribe\" value=\"true\" checked=\"checked\""),
                containsString("id=\"perm-data\" name=\"publishData\" value=\"true\">"))));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "/tracks/TR_mic1/mute   | reason=noise                       | The Microphone of “customer-1” is muted. They can unmute it themselves.",
            "/tracks/TR_mic1/unmute | reason=                            | The Microphone of “customer-1” is unmuted.",
            "/silence               | reason=shouting                    | “customer-1” is silenced: their tracks are unpublished",
            "/unsilence             | reason=                            | “customer-1” may publish again.",
            "/edit                  | name=Ann+B&attributes=queue+%3D+vip | “customer-1” is updated.",
            "/permissions           | subscribe=true&publish=true&source=CAMERA | “customer-1” may now: subscribe yes; publish yes, from camera; publish data no"})
    @WithMockUser(roles = "MODERATOR")
    void eachActionAnswersTheRoomPartForHtmxAndARedirectWithItsMessageOtherwise(String action, String form, String message)
            throws Exception {
        roomWithCustomerSpeaking();
        // Only the LiveKit call each action should make answers DONE; any other answers null, and no success is claimed.
        when(livekit.setTrackMuted("support-1", "customer-1", "TR_mic1", action.endsWith("/mute"))).thenReturn(ActionOutcome.DONE);
        when(livekit.updatePermission(eq("support-1"), eq("customer-1"), any())).thenReturn(ActionOutcome.DONE);
        when(livekit.updateParticipant("support-1", "customer-1", "Ann B", "", Map.of("queue", "vip"))).thenReturn(ActionOutcome.DONE);

        mvc.perform(post(CUSTOMER + action).contentType(MediaType.APPLICATION_FORM_URLENCODED).content(form).with(csrf()).with(htmx()))
                .andExpect(roomPart(message));
        mvc.perform(post(CUSTOMER + action).contentType(MediaType.APPLICATION_FORM_URLENCODED).content(form).with(csrf()))
                .andExpect(redirectedUrl("/rooms/support-1"))
                .andExpect(flash().attribute("flash", hasToString(allOf(containsString("success"), containsString(message)))));
    }

    @Test
    @WithMockUser(roles = "MODERATOR")
    void silencingTakesAwayPublishingMediaAndData() throws Exception {
        roomWithCustomerSpeaking();
        when(livekit.updatePermission(eq("support-1"), eq("customer-1"), any())).thenReturn(ActionOutcome.DONE);

        mvc.perform(post(CUSTOMER + "/silence").with(csrf()).with(htmx())).andExpect(status().isOk());

        ArgumentCaptor<UnaryOperator<ParticipantPermission>> change = ArgumentCaptor.captor();
        verify(livekit).updatePermission(eq("support-1"), eq("customer-1"), change.capture());
        var silenced = change.getValue().apply(ParticipantPermission.newBuilder().setCanSubscribe(true).setCanPublish(true)
                .setCanPublishData(true).build());
        assertThat(silenced.getCanPublish()).isFalse();
        assertThat(silenced.getCanPublishData()).isFalse();
        assertThat(silenced.getCanSubscribe()).isTrue();
    }

    @Test
    @WithMockUser(roles = "VIEWER")
    void aViewerIsRefusedEveryConfirmationAndActionAndLiveKitChangesNothing() throws Exception {
        for (var action : List.of("/tracks/TR_mic1/mute", "/tracks/TR_mic1/unmute", "/silence", "/unsilence", "/edit", "/permissions")) {
            mvc.perform(get(CUSTOMER + action)).andExpect(status().isForbidden());
            mvc.perform(get(CUSTOMER + action).with(htmx())).andExpect(refusedRole());
            mvc.perform(post(CUSTOMER + action).with(csrf())).andExpect(status().isForbidden());
            mvc.perform(post(CUSTOMER + action).with(csrf()).with(htmx())).andExpect(refusedRole());
        }
        verify(livekit, never()).setTrackMuted(anyString(), anyString(), anyString(), anyBoolean());
        verify(livekit, never()).updatePermission(anyString(), anyString(), any());
        verify(livekit, never()).updateParticipant(anyString(), anyString(), any(), any(), any());
    }

    @Test
    @WithMockUser(roles = "MODERATOR")
    void everyActionWithoutCsrfTokenIsRefused() throws Exception {
        for (var action : List.of("/tracks/TR_mic1/mute", "/tracks/TR_mic1/unmute", "/silence", "/unsilence", "/edit", "/permissions")) {
            mvc.perform(post(CUSTOMER + action).with(htmx())).andExpect(status().isForbidden());
        }
        verifyNoInteractions(livekit);
    }

    @Test
    @WithMockUser(roles = "MODERATOR")
    void aSidThatIsNotATrackIsRefusedOnThePageOrInTheMessageArea() throws Exception {
        mvc.perform(get(CUSTOMER + "/tracks/PA_customer1/mute")).andExpect(errorPage("is not a LiveKit track sid"));
        mvc.perform(get(CUSTOMER + "/tracks/PA_customer1/mute").with(htmx())).andExpect(refusedInMessageArea("is not a LiveKit track sid"));
        verifyNoInteractions(livekit);
    }

    @Test
    @WithMockUser(roles = "MODERATOR")
    void whatWasTypedWrongInAConfirmationIsShownInsideItAndNothingChanges() throws Exception {
        mvc.perform(post(CUSTOMER + "/edit").param("attributes", "no equals sign").with(csrf()).with(fromConfirmation()))
                .andExpect(refusedInConfirmation("Attributes, line 1: write one attribute a line, as key = value."));
        mvc.perform(post(CUSTOMER + "/permissions").param("publish", "true").param("source", "HOLOGRAM").with(csrf()).with(fromConfirmation()))
                .andExpect(refusedInConfirmation("Unknown source"));
        mvc.perform(post(CUSTOMER + "/silence").param("reason", "x".repeat(501)).with(csrf()).with(fromConfirmation()))
                .andExpect(refusedInConfirmation("The reason is too long"));
        mvc.perform(post(CUSTOMER + "/edit").param("attributes", "no equals sign").with(csrf()))
                .andExpect(errorPage("Attributes, line 1"));
        verify(livekit, never()).updatePermission(anyString(), anyString(), any());
        verify(livekit, never()).updateParticipant(anyString(), anyString(), any(), any(), any());
    }

    private static final String MOVE = CUSTOMER + "/move";

    @Test
    @WithMockUser(roles = "MODERATOR")
    void theMoveConfirmationIsAPageOrADialogListingTheOtherLiveRooms() throws Exception {
        roomWithCustomerSpeaking();
        when(livekit.listRooms()).thenReturn(List.of(Room.newBuilder().setName("support-1").build(),
                Room.newBuilder().setName("staffed <b>").build()));

        mvc.perform(get(MOVE)).andExpect(page("to another room"));
        mvc.perform(get(MOVE).param("sid", "PA_customer1").with(htmx()))
                .andExpect(dialog("Only LiveKit Cloud does this"))
                .andExpect(content().string(allOf(containsString("<option value=\"staffed &lt;b&gt;\">staffed &lt;b&gt;</option>"),
                        not(containsString("<option value=\"support-1\"")), containsString("name=\"sid\" value=\"PA_customer1\""),
                        containsString("_csrf"), not(containsString("already answered")))));
    }

    @Test
    @WithMockUser(roles = "MODERATOR")
    void movingAnswersTheRoomPartOrARedirectAndNotImplementedIsSaidInWords() throws Exception {
        roomWithCustomerSpeaking();
        when(livekit.findRoom("staffed")).thenReturn(Optional.of(Room.newBuilder().setName("staffed").build()));
        when(livekit.lookUpParticipant("support-1", "customer-1")).thenReturn(Optional.of(ParticipantInfo.getDefaultInstance()));
        when(livekit.connection()).thenReturn(new dev.roomwarden.livekit.LiveKitConnection("http://lk.internal:7880", "key", "secret-never-shown", false));
        when(livekit.moveParticipant("support-1", "customer-1", "staffed")).thenReturn(ActionOutcome.DONE);

        mvc.perform(post(MOVE).param("destination", "staffed").with(csrf()).with(htmx()))
                .andExpect(roomPart("“customer-1” was moved to “staffed”"));
        mvc.perform(post(MOVE).param("destinationName", "staffed").with(csrf()))
                .andExpect(redirectedUrl("/rooms/support-1"))
                .andExpect(flash().attribute("flash", hasToString(containsString("was moved to “staffed”"))));

        when(livekit.moveParticipant("support-1", "customer-1", "staffed")).thenThrow(new LiveKitException(LiveKitFailure.NOT_IMPLEMENTED,
                "unknown", "twirp error unknown: not implemented", "lk.internal:7880", "MoveParticipant", null));
        mvc.perform(post(MOVE).param("destination", "staffed").with(csrf()).with(htmx()))
                .andExpect(content().string(allOf(containsString("answered “not implemented”"),
                        containsString("LiveKit Cloud implements it; the open-source server does not."),
                        not(containsString("was moved to")))));
    }

    @Test
    @WithMockUser(roles = "MODERATOR")
    void aMoveWithoutADestinationOrWithoutCsrfChangesNothing() throws Exception {
        mvc.perform(post(MOVE).with(csrf()).with(fromConfirmation()))
                .andExpect(refusedInConfirmation("Choose the room to move them to, or type its name."));
        mvc.perform(post(MOVE).param("destination", "staffed").with(htmx())).andExpect(status().isForbidden());
        verify(livekit, never()).moveParticipant(anyString(), anyString(), anyString());
    }

    @Test
    @WithMockUser(roles = "VIEWER")
    void aViewerCannotMoveAnyone() throws Exception {
        mvc.perform(get(MOVE)).andExpect(status().isForbidden());
        mvc.perform(post(MOVE).param("destination", "staffed").with(csrf()).with(htmx())).andExpect(refusedRole());
        verify(livekit, never()).moveParticipant(anyString(), anyString(), anyString());
    }
}
