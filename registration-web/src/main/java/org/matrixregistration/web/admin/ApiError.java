package org.matrixregistration.web.admin;

/** An admin call that cannot be served as asked; becomes {@code {"errcode", "error"}} with its status. */
final class ApiError extends Exception {
    private static final long serialVersionUID = 1L;

    final int status;
    final String errcode;

    ApiError(int status, String errcode, String message) {
        super(message, null, false, false);
        this.status = status;
        this.errcode = errcode;
    }

    static ApiError badRequest(String message) {
        return new ApiError(400, "MR_BAD_USER_REQUEST", message);
    }

    static ApiError badDate(String message) {
        return new ApiError(400, "MR_BAD_DATE_FORMAT", message);
    }

    /** Approval was asked for, and the portal cannot lock accounts or its token store would let it be bypassed. */
    static ApiError approvalUnavailable(String reason) {
        return new ApiError(400, "MR_APPROVAL_UNAVAILABLE", reason);
    }

    /** The old tool's answer for a name it does not know. */
    static ApiError tokenNotFound() {
        return new ApiError(404, "MR_TOKEN_NOT_FOUND", "token does not exist");
    }
}
