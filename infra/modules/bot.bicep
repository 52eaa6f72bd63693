// The Azure Bot: registers the messaging endpoint with the Bot Framework, connects Microsoft Teams,
// and holds the OAuth connection that Teams single sign-on exchanges tokens through.

@description('Short prefix for resource names.')
param namePrefix string

@description('Application (client) id of the app registration the bot runs as.')
param botAppId string

@description('Client secret of that app registration, for the OAuth connection.')
@secure()
param botAppSecret string

@description('Application (client) id of the on-behalf-of app: the sign-in token is issued for its access_as_user scope.')
param oboAppId string

@description('Entra tenant of the single-tenant app registration.')
param tenantId string

@description('https://<host>/api/messages of the running bot.')
param messagingEndpoint string

@description('Name of the OAuth connection setting.')
param oauthConnectionName string

@description('Azure Bot pricing tier.')
param sku string

// "Azure Active Directory v2", the identity provider behind Teams single sign-on.
var aadV2ProviderId = '30dd229c-58e3-4a48-bdfd-91ec48eb906c'

resource bot 'Microsoft.BotService/botServices@2022-09-15' = {
  name: 'bot-${namePrefix}-${uniqueString(resourceGroup().id)}'
  location: 'global'
  kind: 'azurebot'
  sku: {
    name: sku
  }
  properties: {
    displayName: 'ShipShape'
    endpoint: messagingEndpoint
    msaAppId: botAppId
    msaAppType: 'SingleTenant'
    msaAppTenantId: tenantId
  }
}

resource teams 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: bot
  name: 'MsTeamsChannel'
  location: 'global'
  properties: {
    channelName: 'MsTeamsChannel'
    properties: {
      isEnabled: true
    }
  }
}

resource sso 'Microsoft.BotService/botServices/connections@2022-09-15' = {
  parent: bot
  name: oauthConnectionName
  location: 'global'
  properties: {
    serviceProviderId: aadV2ProviderId
    serviceProviderDisplayName: 'Azure Active Directory v2'
    clientId: botAppId
    clientSecret: botAppSecret
    // A token for the on-behalf-of app, which ShipShape exchanges for Resource Manager as the user.
    scopes: 'api://${oboAppId}/access_as_user'
    parameters: [
      { key: 'tenantID', value: tenantId }
      { key: 'tokenExchangeUrl', value: 'api://botid-${botAppId}' }
    ]
  }
}

@description('The messaging endpoint as registered.')
output endpoint string = bot.properties.endpoint
