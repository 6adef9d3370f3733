/** A portal path that does not exist. */
import { Link } from 'react-router';
import { Page } from '../components/Page.tsx';

export function NotFound() {
  return (
    <Page title="Page not found">
      <p>
        There is no such page. Go to <Link to="/apps">API apps</Link> or <Link to="/connectors">custom connectors</Link>
        .
      </p>
    </Page>
  );
}
