package com.creditledger.account;

import com.creditledger.account.AccountEvent.CreditsToppedUp;
import com.creditledger.account.AccountEvent.JobRefunded;
import com.creditledger.account.AccountEvent.SubscriptionRenewed;
import com.creditledger.account.RequestHistory.Kind;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The request history for tests that run the aggregate without a database. */
public class InMemoryRequestHistory implements RequestHistory {

    private final Map<String, AccountEvent> byKey = new HashMap<>();

    @Override
    public Optional<AccountEvent> findJob(String accountId, String jobId) {
        return find(List.of(Kind.CHARGE, Kind.HOLD), accountId, jobId);
    }

    @Override
    public Optional<AccountEvent> findSettlement(String accountId, String jobId) {
        return find(List.of(Kind.CAPTURE, Kind.RELEASE, Kind.EXPIRY), accountId, jobId);
    }

    @Override
    public Optional<JobRefunded> findRefund(String accountId, String jobId) {
        return find(List.of(Kind.REFUND), accountId, jobId).map(JobRefunded.class::cast);
    }

    @Override
    public Optional<CreditsToppedUp> findTopUp(String accountId, String paymentId) {
        return find(List.of(Kind.TOP_UP), accountId, paymentId).map(CreditsToppedUp.class::cast);
    }

    @Override
    public Optional<SubscriptionRenewed> findRenewal(String accountId, Instant periodStart) {
        return find(List.of(Kind.RENEWAL), accountId, periodStart.toString()).map(SubscriptionRenewed.class::cast);
    }

    @Override
    public void remember(AccountEvent event, long sequenceNumber) {
        if (byKey.putIfAbsent(key(Kind.of(event), event.accountId(), Kind.keyOf(event)), event) != null) {
            throw new IllegalStateException("remembered twice: " + event);
        }
    }

    private Optional<AccountEvent> find(List<Kind> kinds, String accountId, String key) {
        return kinds.stream().map(kind -> byKey.get(key(kind, accountId, key))).filter(java.util.Objects::nonNull).findFirst();
    }

    private static String key(Kind kind, String accountId, String key) {
        return kind + "/" + accountId + "/" + key;
    }
}
