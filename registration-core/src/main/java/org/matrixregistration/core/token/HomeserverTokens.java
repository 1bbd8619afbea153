package org.matrixregistration.core.token;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The homeserver's own registration tokens ({@link HomeserverToken}): the tokens it checks itself
 * when a person registers from any Matrix client, and counts in its own {@code pending} and
 * {@code completed}. With {@code token_store: synapse} the invite tokens are these, so that the
 * portal's links, pages, CLI, API and console act on the very tokens the homeserver enforces.
 *
 * <p>What a homeserver keeps is all it keeps: no note, no "disabled", no creation time, no record of
 * who registered. A store built on this port keeps those itself. Use counts are the homeserver's
 * facts; nothing here sets them.
 *
 * <p>The homeserver's own check of a token is not necessarily atomic (Synapse's is not: it checks the
 * count and records the use in separate steps), so a store that must never admit more than the limit
 * reserves uses itself as well (see {@link InviteTokens}).
 *
 * <p>A homeserver has no "disabled" and takes no expiry in the past (Synapse refuses one), and a
 * {@code uses_allowed} of 0 means unlimited to Synapse, not "nobody": the one way to make it refuse a
 * token from now on, counts and limit kept, is {@link #expireNow}.
 *
 * <p>Expected refusals are values; a homeserver that cannot be reached or refuses our credentials
 * throws an unchecked exception whose message names what to fix and never holds a secret. A setting
 * the homeserver will not take (an expiry in the past) is an {@link IllegalArgumentException} naming it.
 */
public interface HomeserverTokens {

    /** Every token the homeserver holds, in no particular order. */
    List<HomeserverToken> list();

    Optional<HomeserverToken> find(TokenName name);

    /**
     * Creates a token nobody has used. Returns it as the homeserver stored it, or empty, creating
     * nothing, when a token of that name exists.
     *
     * @param usesAllowed empty for unlimited
     * @param expiresAt   empty for never; the homeserver keeps milliseconds
     */
    Optional<HomeserverToken> create(TokenName name, OptionalInt usesAllowed, Optional<Instant> expiresAt);

    /** Sets both settings, leaving the use counts; empty if there is no such token. */
    Optional<HomeserverToken> update(TokenName name, OptionalInt usesAllowed, Optional<Instant> expiresAt);

    /**
     * Makes the homeserver refuse the token from now on, leaving its limit and counts: its expiry
     * becomes the homeserver's present moment, or as little after it as the homeserver takes (Synapse
     * refuses a moment that has passed by the time it checks the request, so the token may work for
     * a fraction of a second more). Returns the token as stored, whose expiry is that moment; empty if
     * there is no such token.
     */
    Optional<HomeserverToken> expireNow(TokenName name);

    /** Deletes the token; false if there was none. */
    boolean delete(TokenName name);
}
