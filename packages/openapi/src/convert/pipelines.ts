/** The ordered passes of each conversion step. */
import type { OasVersion } from '../types.ts';
import type { Pass } from './context.ts';
import { bodyParamsToRequestBodies } from './passes/body-params-to-request-bodies.ts';
import { componentsToDefinitions, renameComponentRefV2 } from './passes/components-to-definitions.ts';
import { definitionsToComponents, renameDefinitionRefV3 } from './passes/definitions-to-components.ts';
import { hoistDefs } from './passes/hoist-defs.ts';
import { hostToServers } from './passes/host-to-servers.ts';
import { parametersToV2 } from './passes/parameters-to-v2.ts';
import { parametersToV3 } from './passes/parameters-to-v3.ts';
import { requestBodiesToBodyParams } from './passes/request-bodies-to-body-params.ts';
import { responsesToV2 } from './passes/responses-to-v2.ts';
import { responsesToV3 } from './passes/responses-to-v3.ts';
import { repairRefs, rewriteRefsPass } from './passes/rewrite-refs.ts';
import { schemaDowngrade } from './passes/schema-downgrade.ts';
import { schemaUpgradeFrom2, schemaUpgradeTo31 } from './passes/schema-upgrade.ts';
import { securityDefinitionsToV3 } from './passes/security-definitions-to-v3.ts';
import { securitySchemesToV2 } from './passes/security-schemes-to-v2.ts';
import { serversToHost } from './passes/servers-to-host.ts';
import { setOpenApiVersion } from './passes/set-version.ts';
import { v3OnlyFeatures } from './passes/v3-only-features.ts';
import { v31Document } from './passes/v31-document.ts';

/** One step: the passes that take a document from one version to the next. */
export interface Step {
  from: OasVersion;
  to: OasVersion;
  passes: readonly Pass[];
}

const V3_TO_V2: readonly Pass[] = [
  schemaDowngrade,
  v3OnlyFeatures,
  parametersToV2,
  requestBodiesToBodyParams,
  responsesToV2,
  securitySchemesToV2,
  serversToHost,
  componentsToDefinitions,
  rewriteRefsPass(renameComponentRefV2),
  repairRefs,
];

const V2_TO_V30: readonly Pass[] = [
  schemaUpgradeFrom2,
  hostToServers,
  parametersToV3,
  bodyParamsToRequestBodies,
  responsesToV3,
  securityDefinitionsToV3,
  definitionsToComponents,
  rewriteRefsPass(renameDefinitionRefV3),
  repairRefs,
  setOpenApiVersion('3.0.3'),
];

/** The steps from one version to another; several steps only for 2.0 → 3.1. */
export function stepsFor(from: OasVersion, to: OasVersion): Step[] {
  if (from === to) return [];
  if (from === '2.0' && to === '3.0') return [{ from, to, passes: V2_TO_V30 }];
  if (from === '2.0' && to === '3.1') return [...stepsFor('2.0', '3.0'), ...stepsFor('3.0', '3.1')];
  if (from === '3.0' && to === '3.1')
    return [{ from, to, passes: [schemaUpgradeTo31, repairRefs, setOpenApiVersion('3.1.0')] }];
  if (from === '3.0' && to === '2.0') return [{ from, to, passes: V3_TO_V2 }];
  if (from === '3.1' && to === '2.0') return [{ from, to, passes: [v31Document, hoistDefs, ...V3_TO_V2] }];
  return [
    {
      from,
      to,
      passes: [
        v31Document,
        hoistDefs,
        schemaDowngrade,
        rewriteRefsPass(() => undefined),
        repairRefs,
        setOpenApiVersion('3.0.3'),
      ],
    },
  ];
}
