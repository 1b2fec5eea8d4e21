from ninja import NinjaAPI

api = NinjaAPI(title="OpenTVET API", version="1")
