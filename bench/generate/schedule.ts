/**
 * When each generated ticket comes in, and the number it gets. Intake follows the day and the
 * week (busy mornings and afternoons, quiet nights, weekends at 70 %), over `days` days ending at
 * `endMs`; tickets are issued in time order, so ticket ids, times and the daily sequence in the
 * number (YYYYMMDD + five digits, as domain/tickets/numbering.ts issues them) all agree.
 */
const HOUR_MS = 3_600_000;
/** China time: numbers and the daily pattern follow the local day. */
const LOCAL_OFFSET_MS = 8 * HOUR_MS;
/** Calls per local hour 0–23, relative. */
const HOURLY = [1, 0.6, 0.4, 0.3, 0.3, 0.5, 1.5, 4, 9, 12, 12, 10, 7, 7, 10, 11, 10, 9, 6, 5, 4, 3, 2, 1.5];

export class IntakeSchedule {
  private readonly startMs: number;
  /** Cumulative intensity at the end of each hour of the window. */
  private readonly cumulative: Float64Array;
  private hour = 0;
  private currentDay = "";
  private sequence = 0;

  constructor(
    private readonly total: number,
    endMs: number,
    days: number,
  ) {
    const hours = days * 24;
    // The window ends at the last full hour, so no ticket lies in the future.
    this.startMs = Math.floor(endMs / HOUR_MS) * HOUR_MS - hours * HOUR_MS;
    this.cumulative = new Float64Array(hours);
    let sum = 0;
    for (let h = 0; h < hours; h++) {
      const local = new Date(this.startMs + h * HOUR_MS + LOCAL_OFFSET_MS);
      const weekend = local.getUTCDay() === 0 || local.getUTCDay() === 6;
      sum += HOURLY[local.getUTCHours()]! * (weekend ? 0.7 : 1);
      this.cumulative[h] = sum;
    }
  }

  /** Ticket `index` (0-based, called in order): its intake time and number. */
  next(index: number): { createdMs: number; number: string } {
    const target = ((index + 0.5) / this.total) * this.cumulative[this.cumulative.length - 1]!;
    while (this.cumulative[this.hour]! < target) this.hour++;
    const before = this.hour === 0 ? 0 : this.cumulative[this.hour - 1]!;
    const within = (target - before) / (this.cumulative[this.hour]! - before);
    const createdMs = this.startMs + (this.hour + within) * HOUR_MS;
    const day = new Date(createdMs + LOCAL_OFFSET_MS).toISOString().slice(0, 10).replaceAll("-", "");
    if (day !== this.currentDay) {
      this.currentDay = day;
      this.sequence = 0;
    }
    this.sequence++;
    return { createdMs: Math.floor(createdMs), number: `${day}${String(this.sequence).padStart(5, "0")}` };
  }
}
