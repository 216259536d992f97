import type { TaskUnit } from './api';

/**
 * Names the units of one role on a task the way the office says them: a group chosen as a
 * whole is named once ("Các xã, thị trấn (11)"), units chosen one by one by short name.
 */
export function describeUnits(units: TaskUnit[], role: TaskUnit['role']): string {
  const mine = units.filter((u) => u.role === role);
  const groups = new Map<string, number>();
  const single: string[] = [];
  for (const u of mine) {
    if (u.viaGroupName) groups.set(u.viaGroupName, (groups.get(u.viaGroupName) ?? 0) + 1);
    else single.push(u.unitShortName);
  }
  return [...[...groups].map(([name, n]) => `${name} (${n})`), ...single].join(', ');
}
