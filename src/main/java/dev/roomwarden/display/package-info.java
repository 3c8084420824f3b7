/**
 * How Roomwarden shows things to staff, for every package that shows something: the message after an
 * action ({@link dev.roomwarden.display.Flash}, one place for its words), times, and the links of rooms and
 * participants. It depends on nothing of Roomwarden's but {@code livekit}, so the audit log and security may use it.
 */
package dev.roomwarden.display;
