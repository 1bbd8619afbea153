package org.matrixregistration.core.admin;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.matrixregistration.core.token.InviteToken;
import org.matrixregistration.core.token.Page;
import org.matrixregistration.core.token.TokenChanges;
import org.matrixregistration.core.token.TokenName;
import org.matrixregistration.core.token.TokenQuery;
import org.matrixregistration.core.token.TokenUse;

/**
 * The token-administration use case behind the admin API, the console and the CLI. Admins may
 * change a token's settings (limit, expiry, disabled, note) but never its use counts: those are
 * facts.
 */
public interface AdministerTokens {

    /** Why a token cannot require approval here; names the setting that is missing. */
    String APPROVAL_UNAVAILABLE = "tokens that require approval need homeserver_admin_token (the access token of a"
            + " Synapse admin) in the configuration: the portal locks and unlocks accounts with it";

    CreateOutcome create(NewToken request);

    Optional<InviteToken> get(TokenName name);

    /** A page of tokens, statuses judged at the service clock's current instant. */
    Page<InviteToken> list(TokenQuery query);

    /** Changes a token's settings; never its use counts. */
    UpdateOutcome update(TokenName name, TokenChanges changes);

    /** Why tokens cannot require approval when the homeserver's own tokens are the invite tokens. */
    String APPROVAL_WITH_HOMESERVER_TOKENS = "tokens cannot require approval with token_store: synapse: Synapse"
            + " admits its registration tokens from any Matrix client without asking anyone, so an approval could be"
            + " bypassed by signing up from Element";

    /** Whether tokens may require approval: the portal can lock and unlock accounts. */
    boolean approvalAvailable();

    /** Why tokens cannot require approval, when {@link #approvalAvailable()} is false; for messages. */
    default String approvalUnavailableReason() {
        return APPROVAL_UNAVAILABLE;
    }

    /** Shorthand for an update that disables the token. */
    Optional<InviteToken> disable(TokenName name);

    /** False if there was no such token. */
    boolean delete(TokenName name);

    /** The token's completed uses, or empty if there is no such token. */
    Optional<List<TokenUse>> uses(TokenName name);

    /** The completed uses of several tokens at once, such as a page's; none for unknown names. */
    Map<TokenName, List<TokenUse>> uses(Collection<TokenName> names);
}
