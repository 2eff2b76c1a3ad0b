import { useEffect, useMemo, useState } from 'react';
import { runner, type CatalogueResponse } from '../api/runner-client.js';
import { mergeCatalogue, type Catalogue } from '../model/catalogue.js';
import { bundledCatalogue } from '../training/local-registry.js';

/** The palette's catalogue: the runner's (all installed plug-ins) over the bundled one. */
export function useCatalogue(): { catalogue: Catalogue; runnerOnline: boolean | undefined; packages: CatalogueResponse['packages']; error?: string } {
  const [remote, setRemote] = useState<CatalogueResponse | undefined>();
  const [state, setState] = useState<{ online?: boolean; error?: string }>({});
  useEffect(() => {
    let live = true;
    runner
      .catalogue()
      .then((c) => live && (setRemote(c), setState({ online: true })))
      .catch((e: unknown) => live && setState({ online: false, error: `runner not reachable (${(e as Error).message}); using the bundled node packages` }));
    return () => {
      live = false;
    };
  }, []);
  const catalogue = useMemo(() => mergeCatalogue(bundledCatalogue(), remote?.nodes), [remote]);
  return { catalogue, runnerOnline: state.online, packages: remote?.packages ?? [], ...(state.error ? { error: state.error } : {}) };
}
