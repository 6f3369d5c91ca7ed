import { useCallback, useEffect, useState } from 'react';

export type Area = 'customer' | 'agents' | 'technical';

export const areas: { id: Area; label: string }[] = [
  { id: 'customer', label: 'Customer' },
  { id: 'agents', label: 'Agents' },
  { id: 'technical', label: 'Technical' },
];

/** The area lives in the path (/customer, /agents, /technical); the backend falls back to index.html for them. */
export function areaFromPath(pathname: string): Area {
  const first = pathname.split('/').filter(Boolean)[0];
  return areas.find((area) => area.id === first)?.id ?? 'customer';
}

export function useArea(): [Area, (area: Area) => void] {
  const [area, setArea] = useState<Area>(() => areaFromPath(window.location.pathname));
  useEffect(() => {
    const onPop = () => setArea(areaFromPath(window.location.pathname));
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);
  const navigate = useCallback((next: Area) => {
    window.history.pushState(null, '', `/${next}`);
    setArea(next);
  }, []);
  return [area, navigate];
}
