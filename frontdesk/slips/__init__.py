"""Release slips (開放行條): the guided issue, the verification code, the gate check and retention."""
