package dev.roomwarden.participants;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.roomwarden.input.InvalidInputException;
import dev.roomwarden.input.Text;
import livekit.LivekitModels.ParticipantPermission;
import livekit.LivekitModels.TrackSource;

/**
 * What a participant may do, as staff ticked it: subscribe, publish (from the sources ticked; none
 * ticked: any), publish data, update their own metadata, be hidden. Other parts of LiveKit's permission
 * (agent, recorder) are kept as they are.
 */
public record PermissionForm(boolean subscribe, boolean publish, List<TrackSource> sources, boolean publishData,
        boolean updateMetadata, boolean hidden) {

    /** The sources a participant can publish from, in the order the form lists them. */
    public static final List<TrackSource> SOURCES = List.of(TrackSource.MICROPHONE, TrackSource.CAMERA, TrackSource.SCREEN_SHARE,
            TrackSource.SCREEN_SHARE_AUDIO);

    static PermissionForm parse(String subscribe, String publish, List<String> sources, String publishData, String updateMetadata,
            String hidden) {
        var chosen = new ArrayList<TrackSource>();
        for (var source : sources == null ? List.<String>of() : sources) {
            var match = SOURCES.stream().filter(s -> s.name().equals(source)).findFirst()
                    .orElseThrow(() -> new InvalidInputException("Unknown source '" + Text.abbreviate(source, 40)
                            + "'. Use MICROPHONE, CAMERA, SCREEN_SHARE or SCREEN_SHARE_AUDIO."));
            if (!chosen.contains(match)) {
                chosen.add(match);
            }
        }
        return new PermissionForm(ticked(subscribe), ticked(publish), List.copyOf(chosen), ticked(publishData), ticked(updateMetadata),
                ticked(hidden));
    }

    /** The form as a participant's current permission fills it. */
    static PermissionForm of(ParticipantPermission permission) {
        return new PermissionForm(permission.getCanSubscribe(), permission.getCanPublish(), permission.getCanPublishSourcesList(),
                permission.getCanPublishData(), permission.getCanUpdateMetadata(), permission.getHidden());
    }

    private static boolean ticked(String checkbox) {
        return checkbox != null && !checkbox.isBlank() && !"false".equals(checkbox);
    }

    ParticipantPermission applyTo(ParticipantPermission current) {
        return current.toBuilder().setCanSubscribe(subscribe).setCanPublish(publish).clearCanPublishSources()
                .addAllCanPublishSources(publish ? sources : List.of()).setCanPublishData(publishData)
                .setCanUpdateMetadata(updateMetadata).setHidden(hidden).build();
    }

    public boolean allows(TrackSource source) {
        return sources.contains(source);
    }

    /** For the audit record. */
    String describe() {
        var from = sources.isEmpty() ? "any source" : String.join(", ", sources.stream().map(s -> s.name().toLowerCase(Locale.ROOT)).toList());
        return "subscribe " + yes(subscribe) + "; publish " + (publish ? "yes, from " + from : "no") + "; publish data " + yes(publishData)
                + "; update own metadata " + yes(updateMetadata) + "; hidden " + yes(hidden);
    }

    private static String yes(boolean value) {
        return value ? "yes" : "no";
    }
}
