package io.whyrec.server.auth;

/**
 * Who made a request: the administrator (holder of the admin API key), one user (holder of a valid token for
 * that user), or nobody.
 *
 * @param admin true for the administrator
 * @param user  the token's user, or null
 */
public record Caller(boolean admin, String user) {

    /** A request without valid credentials. */
    public static final Caller ANONYMOUS = new Caller(false, null);
    /** The administrator. */
    public static final Caller ADMIN = new Caller(true, null);

    /** A user holding a valid token. */
    public static Caller user(String user) {
        return new Caller(false, user);
    }

    /** Whether the caller presented any valid credential. */
    public boolean authenticated() {
        return admin || user != null;
    }

    /** Whether the caller may read and edit the given user's data: the admin, or that same user. */
    public boolean mayActFor(String subject) {
        return admin || (user != null && user.equals(subject));
    }
}
