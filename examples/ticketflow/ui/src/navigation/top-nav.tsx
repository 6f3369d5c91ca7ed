import { ConnectionIndicator } from '../live/connection-indicator';
import { type Area, areas } from './use-area';

export function TopNav({ area, onNavigate }: { area: Area; onNavigate: (area: Area) => void }) {
  return (
    <header className="sticky top-0 z-30 bg-slate-900 text-white shadow">
      <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-2">
        <a href="/customer" className="text-lg font-bold tracking-tight" aria-label="TicketFlow home">
          Ticket<span className="text-indigo-400">Flow</span>
        </a>
        <nav aria-label="Areas" className="order-3 flex w-full gap-1 sm:order-none sm:w-auto">
          {areas.map((item) => (
            <a
              key={item.id}
              href={`/${item.id}`}
              aria-current={item.id === area ? 'page' : undefined}
              onClick={(event) => {
                event.preventDefault();
                onNavigate(item.id);
              }}
              className={`flex-1 rounded-md px-3 py-1.5 text-center text-sm font-medium sm:flex-none ${
                item.id === area ? 'bg-indigo-600 text-white' : 'text-slate-300 hover:bg-slate-800'
              }`}
            >
              {item.label}
            </a>
          ))}
        </nav>
        <div className="ml-auto">
          <ConnectionIndicator />
        </div>
      </div>
    </header>
  );
}
