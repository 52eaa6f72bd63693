// ShipShape on Azure: Container Apps (2+ replicas), the Azure Bot with Teams and its SSO connection, shared
// state in Storage, secrets in Key Vault, Application Insights. Step by step: README, "Deploying to Teams and Azure".

@description('Azure region for every resource except the Azure Bot, which is global.')
param location string = resourceGroup().location

@description('Short prefix for resource names: lower-case letters, digits and dashes.')
@minLength(3)
@maxLength(12)
param namePrefix string = 'shipshape'

@description('Name of the Azure Container Registry in this resource group that holds the image.')
param registryName string

@description('Tag of the shipshape image in that registry, e.g. 0.1.0.')
param imageTag string

@description('Application (client) id of the bot app registration: the Azure Bot\'s identity, which exposes api://botid-<id> for Teams SSO.')
param botAppId string

@description('Client secret of the bot app. Stored in Key Vault only; pass it on the command line, never in a file.')
@secure()
param botAppSecret string

@description('Application (client) id of the on-behalf-of app registration, with the Azure Service Management user_impersonation permission.')
param oboAppId string

@description('Client secret of the on-behalf-of app. Stored in Key Vault only; pass it on the command line.')
@secure()
param oboAppSecret string

@description('Object id of the on-behalf-of app\'s service principal (Enterprise applications); the app signs in to the storage account with it.')
param oboServicePrincipalObjectId string

@description('Entra tenant of the app registration and of the people who use ShipShape.')
param tenantId string = tenant().tenantId

@description('Name of the OAuth connection setting on the Azure Bot used for Teams single sign-on.')
param oauthConnectionName string = 'shipshape-sso'

@description('Azure Bot pricing tier: F0 (free) or S1.')
@allowed([
  'F0'
  'S1'
])
param botSku string = 'F0'

@description('Fewest running replicas; two or more so that a restart or an update never drops Teams traffic.')
@minValue(2)
param minReplicas int = 2

@description('Most running replicas under load.')
@minValue(2)
param maxReplicas int = 4

@description('Days Log Analytics keeps logs and telemetry.')
@minValue(30)
param logRetentionDays int = 30

var suffix = uniqueString(resourceGroup().id)
var compactPrefix = toLower(replace(namePrefix, '-', ''))
var storeContainerName = 'shipshape'
// Built-in role definition ids.
var roles = {
  acrPull: '7f951dda-4ed3-4680-a7ca-43fe172d538d'
  keyVaultSecretsUser: '4633458b-17de-408a-b874-0445c86b69e6'
  storageBlobDataContributor: 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'
}

// The platform pulls the image and reads the Key Vault secret with this identity.
resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: 'id-${namePrefix}'
  location: location
}

resource workspace 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: 'log-${namePrefix}-${suffix}'
  location: location
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: logRetentionDays
  }
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: 'appi-${namePrefix}-${suffix}'
  location: location
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: workspace.id
  }
}

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: take('kv${compactPrefix}${suffix}', 24)
  location: location
  properties: {
    tenantId: tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
  }
}

resource botSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'bot-app-secret'
  properties: {
    value: botAppSecret
  }
}

resource oboSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'obo-app-secret'
  properties: {
    value: oboAppSecret
  }
}

resource secretReader 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, identity.id, roles.keyVaultSecretsUser)
  scope: vault
  properties: {
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.keyVaultSecretsUser)
  }
}

resource registry 'Microsoft.ContainerRegistry/registries@2023-07-01' existing = {
  name: registryName
}

resource imagePuller 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(registry.id, identity.id, roles.acrPull)
  scope: registry
  properties: {
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.acrPull)
  }
}

// Shared state for every replica (conversations, subscriptions, approvals, leases): Entra sign-in only.
resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: take('st${compactPrefix}${suffix}', 24)
  location: location
  kind: 'StorageV2'
  sku: {
    name: 'Standard_ZRS'
  }
  properties: {
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    allowBlobPublicAccess: false
    allowSharedKeyAccess: false
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

resource storeContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobService
  name: storeContainerName
}

// The app's store signs in with the credentials in its environment (AZURE_CLIENT_ID/SECRET, the
// on-behalf-of app); the managed identity gets the same role so that either sign-in works.
resource appStoreWriter 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, oboServicePrincipalObjectId, roles.storageBlobDataContributor)
  scope: storage
  properties: {
    principalId: oboServicePrincipalObjectId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageBlobDataContributor)
  }
}

resource identityStoreWriter 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, identity.id, roles.storageBlobDataContributor)
  scope: storage
  properties: {
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageBlobDataContributor)
  }
}

module app 'modules/container-app.bicep' = {
  name: 'shipshape-app'
  dependsOn: [
    secretReader
    imagePuller
    appStoreWriter
    identityStoreWriter
  ]
  params: {
    location: location
    namePrefix: namePrefix
    identityId: identity.id
    workspaceName: workspace.name
    image: '${registry.properties.loginServer}/shipshape:${imageTag}'
    registryServer: registry.properties.loginServer
    botSecretUri: botSecret.properties.secretUri
    oboSecretUri: oboSecret.properties.secretUri
    appInsightsConnectionString: appInsights.properties.ConnectionString
    botAppId: botAppId
    oboAppId: oboAppId
    tenantId: tenantId
    oauthConnectionName: oauthConnectionName
    storageBlobEndpoint: storage.properties.primaryEndpoints.blob
    storeContainerName: storeContainer.name
    minReplicas: minReplicas
    maxReplicas: maxReplicas
  }
}

module bot 'modules/bot.bicep' = {
  name: 'shipshape-bot'
  params: {
    namePrefix: namePrefix
    botAppId: botAppId
    botAppSecret: botAppSecret
    oboAppId: oboAppId
    tenantId: tenantId
    messagingEndpoint: 'https://${app.outputs.fqdn}/api/messages'
    oauthConnectionName: oauthConnectionName
    sku: botSku
  }
}

@description('Host name of the bot: BOT_DOMAIN for npm run package.')
output botDomain string = app.outputs.fqdn

@description('The messaging endpoint registered on the Azure Bot.')
output messagingEndpoint string = bot.outputs.endpoint

@description('Key Vault holding the two app secrets; rotate them there.')
output keyVaultName string = vault.name

@description('Storage account holding the shared state.')
output storageAccountName string = storage.name

@description('Application Insights resource receiving traces and metrics.')
output appInsightsName string = appInsights.name
