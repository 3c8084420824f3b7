package dev.roomwarden.security;

import java.util.List;

/** Sessions an administrator ended (account disabled, role or password changed): their open streams end too. */
public record SessionsEndedEvent(List<String> sessionIds) {
}
