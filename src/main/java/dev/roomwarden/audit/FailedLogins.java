package dev.roomwarden.audit;

/** Failed logins at one name in a while, and from how many client addresses: a sign of an attack. */
public record FailedLogins(long failures, long addresses) {

    /** "12 failed logins from 3 addresses in the last hour". */
    public String summary() {
        return failures + (failures == 1 ? " failed login" : " failed logins") + " from " + addresses
                + (addresses == 1 ? " address" : " addresses") + " in the last hour";
    }
}
