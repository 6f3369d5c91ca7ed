import { useCallback, useState } from 'react';

/** State that survives a page reload (agent choice, "only unread" switches). */
export function useLocalStorage<T>(key: string, initial: T): [T, (value: T) => void] {
  const [value, setValue] = useState<T>(() => readStored(key, initial));
  const store = useCallback(
    (next: T) => {
      setValue(next);
      try {
        window.localStorage.setItem(key, JSON.stringify(next));
      } catch (error) {
        console.warn(`Cannot persist "${key}" in localStorage`, error);
      }
    },
    [key],
  );
  return [value, store];
}

function readStored<T>(key: string, initial: T): T {
  try {
    const raw = window.localStorage.getItem(key);
    return raw === null ? initial : (JSON.parse(raw) as T);
  } catch {
    return initial;
  }
}
