// The bot's container: a Container Apps environment logging to Log Analytics, and the app itself with
// HTTPS ingress, health probes on /healthz and /readyz, and its configuration as environment variables.

@description('Azure region of the environment and the app.')
param location string

@description('Short prefix for resource names.')
param namePrefix string

@description('Resource id of the user-assigned identity that pulls the image and reads Key Vault.')
param identityId string

@description('Name of the Log Analytics workspace (same resource group) that receives container logs.')
param workspaceName string

@description('Full image reference, registry/repository:tag.')
param image string

@description('Login server of the container registry, pulled from with the identity.')
param registryServer string

@description('Key Vault URI of the bot app\'s secret.')
param botSecretUri string

@description('Key Vault URI of the on-behalf-of app\'s secret.')
param oboSecretUri string

@description('Application Insights connection string: traces and metrics are exported there.')
@secure()
param appInsightsConnectionString string

@description('Application (client) id of the bot app registration.')
param botAppId string

@description('Application (client) id of the on-behalf-of app registration.')
param oboAppId string

@description('Name of the Azure Bot\'s OAuth connection for Teams SSO.')
param oauthConnectionName string

@description('Entra tenant id.')
param tenantId string

@description('Blob endpoint of the storage account, https://<account>.blob.core.windows.net/.')
param storageBlobEndpoint string

@description('Blob container holding the shared state.')
param storeContainerName string

@description('Fewest running replicas.')
param minReplicas int

@description('Most running replicas.')
param maxReplicas int

var port = 3978

resource workspace 'Microsoft.OperationalInsights/workspaces@2023-09-01' existing = {
  name: workspaceName
}

resource environment 'Microsoft.App/managedEnvironments@2024-03-01' = {
  name: 'cae-${namePrefix}'
  location: location
  properties: {
    appLogsConfiguration: {
      destination: 'log-analytics'
      logAnalyticsConfiguration: {
        customerId: workspace.properties.customerId
        sharedKey: workspace.listKeys().primarySharedKey
      }
    }
    zoneRedundant: false
  }
}

resource app 'Microsoft.App/containerApps@2024-03-01' = {
  name: 'ca-${namePrefix}'
  location: location
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    managedEnvironmentId: environment.id
    configuration: {
      activeRevisionsMode: 'Single'
      ingress: {
        external: true
        targetPort: port
        transport: 'auto'
        allowInsecure: false
      }
      registries: [
        {
          server: registryServer
          identity: identityId
        }
      ]
      secrets: [
        {
          name: 'bot-app-secret'
          keyVaultUrl: botSecretUri
          identity: identityId
        }
        {
          name: 'obo-app-secret'
          keyVaultUrl: oboSecretUri
          identity: identityId
        }
        {
          name: 'appinsights-connection-string'
          value: appInsightsConnectionString
        }
      ]
    }
    template: {
      containers: [
        {
          name: 'shipshape'
          image: image
          resources: {
            cpu: json('0.5')
            memory: '1Gi'
          }
          env: [
            { name: 'PORT', value: string(port) }
            { name: 'HOST', value: '0.0.0.0' }
            { name: 'LOG_LEVEL', value: 'info' }
            { name: 'MICROSOFT_APP_ID', value: botAppId }
            { name: 'MICROSOFT_APP_TYPE', value: 'SingleTenant' }
            { name: 'MICROSOFT_APP_TENANT_ID', value: tenantId }
            { name: 'MICROSOFT_APP_PASSWORD', secretRef: 'bot-app-secret' }
            { name: 'OAUTH_CONNECTION_NAME', value: oauthConnectionName }
            { name: 'AZURE_TENANT_ID', value: tenantId }
            { name: 'AZURE_CLIENT_ID', value: oboAppId }
            { name: 'AZURE_CLIENT_SECRET', secretRef: 'obo-app-secret' }
            { name: 'STORE', value: 'blob' }
            { name: 'AZURE_STORAGE_ACCOUNT_URL', value: storageBlobEndpoint }
            { name: 'AZURE_STORAGE_CONTAINER', value: storeContainerName }
            { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', secretRef: 'appinsights-connection-string' }
          ]
          probes: [
            {
              type: 'Startup'
              httpGet: { path: '/healthz', port: port }
              periodSeconds: 5
              failureThreshold: 24
            }
            {
              type: 'Liveness'
              httpGet: { path: '/healthz', port: port }
              periodSeconds: 30
              failureThreshold: 3
            }
            {
              type: 'Readiness'
              httpGet: { path: '/readyz', port: port }
              periodSeconds: 10
              failureThreshold: 3
            }
          ]
        }
      ]
      scale: {
        minReplicas: minReplicas
        maxReplicas: maxReplicas
        rules: [
          {
            name: 'http'
            http: {
              metadata: {
                concurrentRequests: '50'
              }
            }
          }
        ]
      }
    }
  }
}

@description('Host name the app is reachable at over HTTPS.')
output fqdn string = app.properties.configuration.ingress.fqdn
