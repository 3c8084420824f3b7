package dev.roomwarden.security;

/** Staff roles, each including everything the one before it may do. */
public enum Role {
    /** Sees rooms and participants. */
    VIEWER,
    /** Also removes participants. */
    MODERATOR,
    /** Also ends rooms and manages staff. */
    ADMIN;

    public String authority() {
        return "ROLE_" + name();
    }
}
