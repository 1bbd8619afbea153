package org.matrixregistration.synapse;

import java.util.List;
import java.util.Optional;

/**
 * Which of the flows of Synapse's user-interactive registration the portal can complete: one that
 * starts with {@code m.login.registration_token}, followed by nothing but {@code m.login.dummy}.
 * Others ask for what only a person can give (an e-mail, a captcha, terms) or no token at all.
 */
final class RegistrationFlows {
    static final String TOKEN_STAGE = "m.login.registration_token";
    static final String DUMMY_STAGE = "m.login.dummy";

    private RegistrationFlows() {}

    /** The stages that follow the token stage in a flow the portal can complete, or empty when none can be. */
    static Optional<List<String>> stagesAfterToken(SynapseJson.Interactive answer) {
        for (SynapseJson.Interactive.Flow flow : answer.flows()) {
            List<String> stages = flow == null || flow.stages() == null ? List.of() : flow.stages();
            if (!stages.isEmpty() && stages.get(0).equals(TOKEN_STAGE)
                    && stages.subList(1, stages.size()).stream().allMatch(DUMMY_STAGE::equals)) {
                return Optional.of(List.copyOf(stages.subList(1, stages.size())));
            }
        }
        return Optional.empty();
    }

    /** Why no flow fits, naming the setting: {@link SetupAdvice#NO_TOKEN_REQUIRED} or the stages in the way. */
    static String problem(SynapseJson.Interactive answer) {
        boolean anyToken = answer.flows().stream().anyMatch(flow -> flow != null && flow.stages() != null
                && flow.stages().contains(TOKEN_STAGE));
        if (!anyToken) {
            return SetupAdvice.NO_TOKEN_REQUIRED;
        }
        List<String> others = answer.flows().stream().filter(flow -> flow != null && flow.stages() != null)
                .flatMap(flow -> flow.stages().stream())
                .filter(stage -> !stage.equals(TOKEN_STAGE) && !stage.equals(DUMMY_STAGE)).distinct().toList();
        return "Synapse's registration asks for stages the portal cannot complete (" + String.join(", ", others)
                + "): token_store: synapse needs a flow of m.login.registration_token alone; switch off e-mail,"
                + " phone, terms and captcha requirements for registration in Synapse's homeserver.yaml";
    }
}
