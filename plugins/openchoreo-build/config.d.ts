export interface Config {
  openchoreo?: {
    build?: {
      /**
       * The organizations (Kubernetes namespaces) whose builds the portal shows; the frontend uses
       * them for its organization filters. The backend plugin reads the same key.
       * @visibility frontend
       */
      namespaces?: string[];
    };
  };
}
