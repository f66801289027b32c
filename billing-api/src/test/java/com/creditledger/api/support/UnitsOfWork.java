package com.creditledger.api.support;

import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;

/** Runs event handlers the way a processor runs a batch: in one unit of work with its transaction. */
public final class UnitsOfWork {

    private UnitsOfWork() {
    }

    public static void inOneUnitOfWork(TransactionManager transactionManager, Runnable handlers, boolean commit) {
        UnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(null);
        unitOfWork.attachTransaction(transactionManager);
        handlers.run();
        if (commit) {
            unitOfWork.commit();
        } else {
            unitOfWork.rollback();
        }
    }
}
