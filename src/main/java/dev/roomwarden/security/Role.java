package dev.roomwarden.security;

/** Staff roles, each including everything the one before it may do. */
public enum Role {
    VIEWER("Sees rooms and participants"),
    MODERATOR("Also removes participants"),
    ADMIN("Also ends rooms and manages staff");

    private final String description;

    Role(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }

    public String authority() {
        return "ROLE_" + name();
    }
}
