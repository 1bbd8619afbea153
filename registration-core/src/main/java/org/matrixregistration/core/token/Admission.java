package org.matrixregistration.core.token;

import java.util.Objects;

/** The decision of {@link TokenPolicy}: a token admits a registration, or one rule refused it. */
public sealed interface Admission permits Admission.Admitted, Admission.Refused {

    /** The token admits one more registration. */
    record Admitted() implements Admission {}

    /** The named rule refused the token. */
    record Refused(TokenRefusal reason) implements Admission, ReserveOutcome {
        public Refused {
            Objects.requireNonNull(reason, "reason");
        }
    }

    Admission ADMITTED = new Admitted();
}
