/**
 * Phone numbers as each member of staff may see them (masked below {@code roomwarden.telephony.show-numbers-to}). Its
 * own package, used by live updates, the layout, history and the telephony pages alike: in {@code telephony/}, which
 * uses {@code web/}, it made a cycle (live -> telephony -> web -> live).
 */
package dev.roomwarden.phonenumbers;
