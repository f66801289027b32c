package com.creditledger.account;

import com.creditledger.account.AccountEvent.CreditsToppedUp;
import com.creditledger.account.AccountEvent.JobCharged;
import com.creditledger.account.AccountEvent.JobRefunded;
import com.creditledger.account.AccountEvent.SubscriptionRenewed;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** The request history for tests that run the aggregate without a database. */
public class InMemoryRequestHistory implements RequestHistory {

    private final Map<String, AccountEvent> byKey = new HashMap<>();

    @Override
    public Optional<JobCharged> findCharge(String accountId, String jobId) {
        return find(JobCharged.class, accountId, jobId);
    }

    @Override
    public Optional<JobRefunded> findRefund(String accountId, String jobId) {
        return find(JobRefunded.class, accountId, jobId);
    }

    @Override
    public Optional<CreditsToppedUp> findTopUp(String accountId, String paymentId) {
        return find(CreditsToppedUp.class, accountId, paymentId);
    }

    @Override
    public Optional<SubscriptionRenewed> findRenewal(String accountId, Instant periodStart) {
        return find(SubscriptionRenewed.class, accountId, periodStart.toString());
    }

    @Override
    public void remember(AccountEvent event) {
        String key;
        if (event instanceof JobCharged e) {
            key = e.jobId();
        } else if (event instanceof JobRefunded e) {
            key = e.jobId();
        } else if (event instanceof CreditsToppedUp e) {
            key = e.paymentId();
        } else if (event instanceof SubscriptionRenewed e) {
            key = e.periodStart().toString();
        } else {
            throw new IllegalArgumentException("not remembered: " + event);
        }
        byKey.put(key(event.getClass(), event.accountId(), key), event);
    }

    private <T extends AccountEvent> Optional<T> find(Class<T> type, String accountId, String key) {
        return Optional.ofNullable(type.cast(byKey.get(key(type, accountId, key))));
    }

    private static String key(Class<?> type, String accountId, String key) {
        return type.getSimpleName() + "/" + accountId + "/" + key;
    }
}
