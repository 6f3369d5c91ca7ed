import { AgentsArea } from './agents/agents-area';
import { ToastProvider } from './components/toasts';
import { CustomerArea } from './customer/customer-area';
import { LiveFeedProvider } from './live/live-feed';
import { MetricsProvider } from './live/metrics-provider';
import { TopNav } from './navigation/top-nav';
import { useArea } from './navigation/use-area';
import { TechnicalArea } from './technical/technical-area';

export function App() {
  const [area, navigate] = useArea();
  return (
    <LiveFeedProvider>
      <MetricsProvider>
        <ToastProvider>
          <TopNav area={area} onNavigate={navigate} />
          <main className="mx-auto max-w-7xl px-3 py-4 sm:px-4">
            {area === 'customer' ? <CustomerArea /> : null}
            {area === 'agents' ? <AgentsArea /> : null}
            {area === 'technical' ? <TechnicalArea /> : null}
          </main>
        </ToastProvider>
      </MetricsProvider>
    </LiveFeedProvider>
  );
}
