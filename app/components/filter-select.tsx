import { messages } from "~/app/i18n";

/** A list filter: one `<select>` with 全部 first, then each value with its label. */
export function FilterSelect<T extends string>({
  name,
  label,
  value,
  options,
  labels,
}: {
  name: string;
  label: string;
  value: string;
  options: readonly T[];
  labels: Record<T, string>;
}) {
  return (
    <label>
      {label}
      <select name={name} defaultValue={value}>
        <option value="">{messages.common.all}</option>
        {options.map((option) => (
          <option key={option} value={option}>
            {labels[option]}
          </option>
        ))}
      </select>
    </label>
  );
}
