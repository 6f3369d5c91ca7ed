/** Whether `work` settles within `timeoutMs` (it goes on either way; a rejection counts as settled). */
export async function settlesWithin(work: Promise<unknown>, timeoutMs: number): Promise<boolean> {
  if (timeoutMs === Number.POSITIVE_INFINITY) return work.then(settled, settled);
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  try {
    return await Promise.race([work.then(settled, settled), timedOut]);
  } finally {
    clearTimeout(timer);
  }
}

const settled = () => true;
