/** A read that did not finish within the diagnosis' time budget. */
export class BudgetExceededError extends Error {
  name = 'BudgetExceededError';
  constructor(readonly budgetMs: number) {
    super(`no answer within the diagnosis time budget (${budgetMs} ms)`);
  }
}

/**
 * One time limit for all the reads of one diagnosis. `within` settles a read with its own result
 * or, once the budget is spent, with {@link BudgetExceededError}; `signal` aborts the reads that
 * accept one. `end` must be called when the diagnosis is done (it clears the timer).
 */
export class ReadBudget {
  private readonly controller = new AbortController();
  private readonly expired: Promise<never>;
  private timer?: NodeJS.Timeout;

  constructor(readonly budgetMs: number) {
    this.expired = new Promise<never>((_resolve, reject) => {
      this.timer = setTimeout(() => {
        const error = new BudgetExceededError(budgetMs);
        this.controller.abort(error);
        reject(error);
      }, budgetMs);
    });
    // Nobody may be racing when it fires; that is not an unhandled rejection.
    this.expired.catch(() => undefined);
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  within<T>(read: Promise<T>): Promise<T> {
    // A read that loses the race settles later; its outcome is of no interest then.
    read.catch(() => undefined);
    return Promise.race([read, this.expired]);
  }

  end(): void {
    clearTimeout(this.timer);
  }
}
