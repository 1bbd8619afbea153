package org.matrixregistration.core.approval;

import java.util.List;
import java.util.Optional;

/**
 * The approval use case behind the admin API, the console and the CLI: list the requests, approve
 * one (the account is unlocked, the token use recorded) or deny it (the account is deactivated and
 * erased, the token use given back), and let requests nobody decided expire as denied.
 */
public interface DecideRequests {

    /** Requests with that status (all when empty), newest first, at most {@value #MAX_LIST}. */
    List<RegistrationRequest> list(Optional<RequestStatus> status);

    Optional<RegistrationRequest> get(String id);

    Decision approve(String id);

    Decision deny(String id, Optional<String> reason);

    /** Denies pending requests older than the expiry; returns how many. */
    int expirePending();

    int MAX_LIST = 1000;
}
