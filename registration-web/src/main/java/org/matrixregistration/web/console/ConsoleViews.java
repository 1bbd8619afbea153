package org.matrixregistration.web.console;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The values each console template shows; every string is escaped by the template engine. */
final class ConsoleViews {
    private ConsoleViews() {}

    /** A problem with the form, for the summary at its top; {@code field} empty for the whole form. */
    record Problem(String field, String message) {}

    record SignIn(ConsoleChrome chrome, Optional<String> error, boolean throttled) {}

    record Row(String name, String href, String status, String statusClass, String uses, String expires, String note) {}

    record Option(String value, String label, boolean selected) {}

    record InviteList(ConsoleChrome chrome, List<Row> rows, List<Option> statuses, String search, boolean filtered,
            Optional<String> nextHref, Optional<String> firstHref, Optional<String> done) {}

    /** The values of an invite form and its problems by field. */
    record Form(String uses, String expires, String note, String name, boolean approval, Map<String, String> errors,
            List<Problem> problems) {
        static final Form NEW = new Form("1", "", "", "", false, Map.of(), List.of());

        boolean invalid(String field) {
            return errors.containsKey(field);
        }

        String error(String field) {
            return errors.getOrDefault(field, "");
        }

        /** The first field with a problem gets the focus, else {@code fallback}. */
        boolean autofocus(String field, String fallback) {
            return problems.isEmpty() ? field.equals(fallback) : problems.get(0).field().equals(field);
        }
    }

    record NewInvite(ConsoleChrome chrome, Form form, String zone) {}

    record Use(String userId, String time, Optional<String> address) {}

    record Invite(ConsoleChrome chrome, String name, Optional<String> link, String status, String statusClass,
            String uses, String expires, String created, String note, boolean disabled, String approval, Form form,
            String zone,
            List<Use> useList, boolean addresses, Optional<String> done) {

        String path(String rest) {
            return chrome.href("/invites/" + name + rest);
        }
    }

    /** One registration request; {@code approve}/{@code deny} say which decisions its row offers. */
    record RequestRow(String id, String userId, String invite, String inviteHref, String requested, String status,
            String statusClass, String decided, String reason, Optional<String> attention, boolean approve,
            boolean deny, String approveHref, String denyHref) {}

    record Requests(ConsoleChrome chrome, List<RequestRow> rows, List<Option> statuses, boolean available,
            Optional<String> done) {}

    record ConfirmDelete(ConsoleChrome chrome, String name, String uses) {}

    record Message(ConsoleChrome chrome, String heading, String message) {}
}
