package org.matrixregistration.core.account;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Which usernames a person may register on this homeserver.
 *
 * <p>A person may type {@code alice}, {@code @alice} or {@code @alice:server_name}; any other
 * server name is refused. The localpart is lower-cased as Synapse does, then must use only
 * {@code a-z 0-9 . _ = - / +}, must not start with {@code _} (reserved for bridges and appservices),
 * must not be all digits (Synapse reserves numeric IDs for guests), and the full user ID must fit in
 * {@value UserId#MAX_BYTES} bytes. On top, every configured {@code validation_regex} must match
 * and no {@code invalidation_regex} may (searching anywhere in the localpart, like the Python tool).
 */
public final class UsernameRules {
    private static final Pattern ALLOWED = Pattern.compile("[a-z0-9._=\\-/+]+");
    private static final Pattern ALL_DIGITS = Pattern.compile("[0-9]+");

    private final String serverName;
    private final List<Pattern> mustMatch;
    private final List<Pattern> mustNotMatch;

    public UsernameRules(String serverName, List<Pattern> mustMatch, List<Pattern> mustNotMatch) {
        this.serverName = Objects.requireNonNull(serverName, "serverName");
        if (serverName.isBlank()) {
            throw new IllegalArgumentException("server_name must not be empty");
        }
        this.mustMatch = List.copyOf(mustMatch);
        this.mustNotMatch = List.copyOf(mustNotMatch);
    }

    /** Rules with no extra regular expressions. */
    public static UsernameRules forServer(String serverName) {
        return new UsernameRules(serverName, List.of(), List.of());
    }

    public String serverName() {
        return serverName;
    }

    /** The outcome of checking one username: a user ID, or every reason it was refused. */
    public sealed interface Verdict permits Accepted, Refused {}

    public record Accepted(UserId userId) implements Verdict {}

    /** Reasons, each with a stable code (for translations) and an English sentence. */
    public record Refused(List<Problem> problems) implements Verdict {
        public Refused {
            problems = List.copyOf(problems);
            if (problems.isEmpty()) {
                throw new IllegalArgumentException("a refusal needs at least one problem");
            }
        }
    }

    public record Problem(String code, String message) {}

    public Verdict check(String typed) {
        if (typed == null || typed.isBlank()) {
            return refuse("username_required", "Choose a username.");
        }
        String localpart = typed.strip();
        if (localpart.startsWith("@")) {
            localpart = localpart.substring(1);
        }
        int colon = localpart.indexOf(':');
        if (colon >= 0) {
            String server = localpart.substring(colon + 1);
            if (!server.equalsIgnoreCase(serverName)) {
                return refuse("username_other_server",
                        "Usernames on this server end in :" + serverName + "; this one ends in :" + server + ".");
            }
            localpart = localpart.substring(0, colon);
        }
        localpart = localpart.toLowerCase(Locale.ROOT);
        if (localpart.isEmpty()) {
            return refuse("username_required", "Choose a username.");
        }

        List<Problem> problems = new ArrayList<>();
        if (!ALLOWED.matcher(localpart).matches()) {
            problems.add(new Problem("username_characters",
                    "A username may contain only lower-case letters a-z, digits 0-9 and the signs . _ = - / + (no spaces)."));
        }
        if (localpart.startsWith("_")) {
            problems.add(new Problem("username_underscore", "A username may not start with '_'."));
        }
        if (ALL_DIGITS.matcher(localpart).matches()) {
            problems.add(new Problem("username_numeric", "A username may not consist of digits only."));
        }
        int bytes = ("@" + localpart + ":" + serverName).getBytes(StandardCharsets.UTF_8).length;
        if (bytes > UserId.MAX_BYTES) {
            problems.add(new Problem("username_too_long", "This username is too long: the full ID @name:"
                    + serverName + " may be at most " + UserId.MAX_BYTES + " bytes."));
        }
        if (problems.isEmpty()) {
            String candidate = localpart;
            boolean allowed = mustMatch.stream().allMatch(p -> p.matcher(candidate).find())
                    && mustNotMatch.stream().noneMatch(p -> p.matcher(candidate).find());
            if (!allowed) {
                problems.add(new Problem("username_not_allowed", "This username is not allowed here."));
            }
        }
        return problems.isEmpty() ? new Accepted(new UserId(localpart, serverName)) : new Refused(problems);
    }

    private static Verdict refuse(String code, String message) {
        return new Refused(List.of(new Problem(code, message)));
    }
}
