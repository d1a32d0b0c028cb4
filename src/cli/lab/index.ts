// The local lab: real Kubernetes binaries on 127.0.0.1 for kubefed's end-to-end tests, benchmark and demo.
export { locateBinaries } from './binaries.js';
export { renderKubeconfig, userName, type KubeconfigCluster } from './kubeconfig.js';
export { labPaths } from './layout.js';
export { LabError } from './launch.js';
export { startMember, stopMember } from './member.js';
export { fakeNodeAllocatable, fakeNodeName } from './nodes.js';
export { labStatus, renderStatusTable, totalResident, type ComponentStatus, type LabStatus } from './status.js';
export { startLab, type LabOptions } from './start-lab.js';
export { readLabState, findCluster, type ClusterState, type ComponentState, type LabState } from './state.js';
export { stopLab } from './stop-lab.js';
