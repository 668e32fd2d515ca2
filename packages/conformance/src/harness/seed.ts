/** A seed for a run that was not given one: printed with the results so that the run can be replayed. */
export function newSeed(): number {
  return Math.floor(Math.random() * 2 ** 31);
}
